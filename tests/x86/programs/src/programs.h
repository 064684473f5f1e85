/* Each test program of the suite; main.c runs the one named on the command line. */
#ifndef PROGRAMS_H
#define PROGRAMS_H

int intarith_main(void);
int strings_main(void);
int stdio_main(void);
int mathlib_main(void);
int sorting_main(void);
int jumps_main(void);
int spmv_main(void);
int floatbits_main(void);

/* A small deterministic generator, so every build sees the same data. */
static inline unsigned lcg_next(unsigned *state)
{
	*state = *state * 1103515245u + 12345u;
	return *state >> 1;
}

#endif
