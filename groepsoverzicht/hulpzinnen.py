"""The default list of hulpzinnen (sentence starters for naming onderwijsbehoeften):
seed 000, bijlage 7b "Hulpzinnen voor het benoemen van onderwijsbehoeften" (after Pameijer,
Van Beukering & De Lange, 2009), complete and in its order. Every sentence completes
"Om dit doel te bereiken heeft deze leerling <categorie> … <tekst>"."""

from __future__ import annotations

INLEIDING = "Om dit doel te bereiken heeft deze leerling"

STANDAARD_HULPZINNEN: list[tuple[str, list[str]]] = [
    (
        "een instructie nodig die",
        [
            "kort en duidelijk is",
            "verlengd is en waarbij de docent voordoet en hardop nadenkt",
            "de oplossingsstrategie stapje voor stapje aangeeft",
            "de sterke visuele kant van hem benut",
            "vooral auditief is",
            "de betekenis van begrippen verheldert",
            "voorkennis bij hem ophaalt en de relatie aangeeft met nieuwe leerstof",
            "hem stimuleert tot meedoen en meedenken",
            "hem stimuleert eigen oplossingen te bedenken",
            "hem steunt zelf zijn werk te plannen",
        ],
    ),
    (
        "opdrachten nodig die",
        [
            "net op of onder zijn niveau liggen, zodat hij succeservaringen kan opdoen",
            "net boven zijn niveau liggen, zodat hij cognitieve uitdaging krijgt",
            "overzichtelijk en gestructureerd zijn",
            "extra leer- en oefenstof bieden",
            "uitgewerkte voorbeelden bevatten",
            "aansluiten bij zijn leefwereld en actualiteit",
            "sober zijn, met zo weinig mogelijk afleiding",
            "met een specifiek ICT-hulpmiddel op de laptop uitgevoerd kunnen worden",
            "hem veel ruimte bieden voor 'doen'",
            "hem veel ruimte bieden om het handelen te automatiseren",
        ],
    ),
    (
        "(leer)activiteiten nodig die",
        [
            "aansluiten bij zijn belangstelling en talenten",
            "structuur bieden met een stappenplan of schema",
            "zijn denkhandelingen concreet ondersteunen",
            "opgedeeld zijn in kleine stappen of deelactiviteiten",
            "hem uitdagen en verdieping bieden",
            "hem ruimte laten voor eigen keuzes en inbreng",
            "hem stimuleren en aansporen om zelf zijn werk te plannen",
            "hem motiveren en zijn leerplezier vergroten",
            "op een rustige werkplek plaatsvinden",
        ],
    ),
    (
        "feedback nodig die",
        [
            "direct aangeeft of zijn oplossingsstrategie juist is",
            "ingaat op zijn taakaanpak en planning van het werk",
            "consequent en direct op het gewenste gedrag volgt",
            "zijn inzet/inspanning beloont (en niet alleen naar het resultaat kijkt)",
            "succeservaringen benadrukt",
            "hem uitnodigt zelf te reflecteren op de resultaten en de aanpak van zijn werk",
        ],
    ),
    (
        "groepsleden nodig die",
        [
            "met hem willen samenwerken",
            "hem willen helpen bij moeilijke of complexe opdrachten",
            "hem accepteren en begrijpen dat hij anders kan reageren in bepaalde situaties",
            "hem uitnodigen om mee te doen buiten de lessen om",
            "zijn gedrag negeren en er niet om lachen",
            "hem niet uitdagen",
        ],
    ),
    (
        "een leeromgeving nodig die",
        [
            "overzichtelijk en gestructureerd is",
            "hem uitdaagt en activeert",
            "hem uitnodigt om zelf initiatieven te nemen",
            "duidelijke regels en routines hanteert",
            "hem een time-out biedt om af te koelen",
            "hem een rustig werkklimaat biedt",
            "een vertrouwenspersoon heeft waar hij makkelijk terecht kan",
        ],
    ),
    (
        "docenten nodig die",
        [
            "belangstelling voor hem tonen en met hem in gesprek gaan",
            "hem vragen of de instructie begrepen is",
            "verlengde instructie bieden",
            "hem vertrouwen geven dat hij opdrachten uit kan voeren",
            "hem complimenten geven bij gewenst gedrag",
            "hem veiligheid en structuur bieden in nieuwe en spannende situaties",
            "overgangen tussen activiteiten en lessen goed structureren",
            "hem ondersteunen bij de planning van zijn werk",
            "situaties creëren waarin hij zijn sterke kanten kan laten zien",
            "hem leren om successen aan eigen kunnen en inzet toe te schrijven",
            "hem ruimte bieden voor eigen initiatief",
            "hem de regie geeft op zijn leerproces",
            "met hem evalueren of de gestelde doelen bereikt zijn",
            "de aanpak van hem goed en eenduidig op elkaar afstemmen",
        ],
    ),
]
