"""What is measured: meetinstrumenten with their domeinen and toetsmomenten, the school's
ijkpunten, cruciale momenten and hulpzinnen (CONFIGURE_METEN).

The sub-domain in one package: the writes in `services`, the queries in `selectors`, the
posted forms in `forms`, the pages in `views`. The models stay in `groepsoverzicht.models`.
"""
