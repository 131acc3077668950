"""Research: sweep designs, sweeps on local processes or a dask cluster with their stored
results, and sensitivity analysis (SALib). Import the module you need; nothing loads here."""
