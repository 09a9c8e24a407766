"""Getting data in and out: ``safecomm import KIND FILE`` and ``safecomm export WHAT``.

- readers: .csv / .xlsx files as numbered rows of cells;
- fields: one cell to a typed value (dates, yes/no, levels, certificate numbers…);
- columns: header matching, reading a row's cells, problems as ``row N: column: what``;
- engine: the shape of a kind of import and the bulk, by-key writing;
- trail: the audit entries of an import, in bulk; bulk: fast multi-row INSERTs;
- sealing: a large staff file's certificate numbers encrypted in worker processes;
- providers, contracts, staff, activity (meetings, training): each kind's columns and rules;
- lookups: providers by name and contracts by reference, as people type them;
- importer: one file, whole or not at all; progress: a bar on a terminal;
- exports: status, dbs, audit and briefings as CSV.
"""
