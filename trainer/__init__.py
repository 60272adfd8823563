"""The trainer's toolkit without Qt: papers, result files, regrading, collection, reports, rosters, the bank editor, Excel and the trainer password."""
