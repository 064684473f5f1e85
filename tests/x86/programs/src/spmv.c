/* A sparse matrix-vector product (CSR), iterated as a power method, in double precision. */
#include <math.h>
#include <stdio.h>
#include "programs.h"

#define ROWS 400
#define PER_ROW 9

static int rowptr[ROWS + 1], cols[ROWS * PER_ROW];
static double vals[ROWS * PER_ROW], x[ROWS], y[ROWS];

static void build(void)
{
	unsigned s = 5;
	int k = 0;
	for (int i = 0; i < ROWS; i++) {
		rowptr[i] = k;
		for (int j = 0; j < PER_ROW; j++) {
			cols[k] = j == 0 ? i : (int)(lcg_next(&s) % ROWS);
			vals[k] = j == 0 ? 4.0 : ((double)(lcg_next(&s) % 2000) - 1000.0) / 3000.0;
			k++;
		}
	}
	rowptr[ROWS] = k;
}

static void spmv(const double *in, double *out)
{
	for (int i = 0; i < ROWS; i++) {
		double sum = 0;
		for (int k = rowptr[i]; k < rowptr[i + 1]; k++)
			sum += vals[k] * in[cols[k]];
		out[i] = sum;
	}
}

int spmv_main(void)
{
	build();
	for (int i = 0; i < ROWS; i++)
		x[i] = 1.0 / (i + 1);
	double norm = 0;
	for (int it = 0; it < 30; it++) {
		spmv(x, y);
		norm = 0;
		for (int i = 0; i < ROWS; i++)
			norm += y[i] * y[i];
		norm = sqrt(norm);
		for (int i = 0; i < ROWS; i++)
			x[i] = y[i] / norm;
		if (it % 10 == 9)
			printf("iteration %d: norm %.17g\n", it + 1, norm);
	}
	printf("x[0] %.17g x[%d] %.17g\n", x[0], ROWS - 1, x[ROWS - 1]);
	return 0;
}
