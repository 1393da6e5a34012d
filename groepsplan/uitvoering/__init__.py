"""Carrying out a groepsplan (HGW step 5 and 6): my plans with their handreikingen, the
execution page with adjustments and logbook, and the evaluation per goal and per pupil.

The sub-domain in one package: the writes in `services`, the queries in `selectors`, the
posted forms in `forms`, the pages in `views`. The models stay in `groepsplan.models`.
"""
