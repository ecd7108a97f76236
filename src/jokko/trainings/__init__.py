"""Trainings, participants, certificates and training-of-trainers cascades.

* `models`: the topic catalogue (`topics.json`, data migration, `jokko load_training_topics`),
  events ("FOR-SN-2026-0001"), participants (one person across events), attendances with
  pre/post test scores and certificate numbers, uploaded attendance sheets.
* `actions`: `record_training`, `add_participants` (idempotent), `preview_sheet` /
  `confirm_sheet` (an attendance sheet is checked row by row, previewed, then imported all or
  nothing); who is "the same person" is decided by `actions.find_participant`.
* `sheets`: the columns an attendance sheet may have (French or English names) and the checks
  of each row; files are read by `jokko.tabular.read_table`.
* `cascade` (pure): who trained whom, the tree below a training of trainers and its reach.
* `indicators.training_indicators(events)`: the figures for the programmes page and the API.
* `certificates`: PDF certificates (WeasyPrint, vendored Noto fonts, no network).
* `demo.seed_demo()`: the seed documents' programmes for the node.
"""
