"""The individueel handelingsplan (IHP) and the ontwikkelingsperspectief (OPP) of a pupil,
with parental agreement: models (registered through groepsplan.models, app label and tables
of groepsplan), services, selectors, forms and views. Who reads and writes them is decided in
groepsplan.access (access_ihp, access_opp)."""
