"""What the shipped sample data in regulations/ is known to say, in one place.

Only tests marked `sample_data` use these figures. Most are those of the county's 2025 public
report, which the samples were written from; the official texts that replace the samples may
differ, and then this file and the tests that use it are what change (`python -m pytest -m "not
sample_data"` runs the tests of the code alone, on fixtures).
"""

# The county's 2025 public report.
TOWNSHIPS = 7
VILLAGES = 44  # villages and communities, each with one regulation
PHRASES = 37  # the county's three-character phrases (三字句)
THEMES = {"稳定", "发展", "生态", "强边", "文明"}
SUPERVISION_GROUPS = 44  # one per village
POINTS_SUPERMARKETS = 27
DISSUADED = 11
CORRECTED = 6

# The samples' own review records (回头看): illustrative, not figures of the report.
REVIEWS = 14
REVIEW_MEETINGS = 7
REVIEW_FEEDBACK = 36
