"""One reader per kind of file of `regulations/`; load.py says which files, in which order.

    source.py       the run: where problems and warnings go, files opened strictly
    text.py         a bilingual text mapping (zh, bo, bo_status ...), shared by every reader
    divisions.py    divisions.yaml: the county, townships, villages and their names
    phrases.py      phrases.yaml: themes and the county's phrases
    points.py       points.yaml, and the provisions of an article that use it
    villages.py     the folder villages/<id>/: which revision files a village has
    revisions.py    villages/<id>/<date>.yaml: one revision
    supervision.py  supervision.yaml: the villages' supervision groups
    records.py      corrections.yaml, withdrawn.yaml: recorded changes of published revisions

Readers import the bottom layer (problems, model, paths, limits, fields) and translation /
syllablecheck for texts, never load.py or one another upwards.
"""
