"""HTTP API: the curator, mentors, heads and coordinators talk to Nastavnik through it."""
