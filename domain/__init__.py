"""Pure rules of the target model of mentoring: no I/O, no Temporal, no SQL."""
