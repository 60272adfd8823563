"""The ground floor under every other package: database, migrations, data directory, errors and clock."""
