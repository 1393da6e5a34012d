"""AVG rights for one pupil: inzage and export, anonymisation (erasure) with a four-eyes
confirmation, and deleting a pupil or a whole school.

The core imports no feature app, so every model with a pupil reference is found through
the app registry (`walk`), never imported: a new model is covered (or the meta-test in
tests/zorgroute/test_privacy_export.py fails) without anyone editing this package.
"""
