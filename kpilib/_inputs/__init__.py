"""Reading and checking inputs: every file under params/ is opened here, and nowhere else."""
