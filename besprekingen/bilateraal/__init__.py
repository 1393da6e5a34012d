"""The bilateraal overleg: a quick record of a talk about one pupil."""
