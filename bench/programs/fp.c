/* Floating-point benchmark: a dense matrix product and a conjugate-gradient-like loop. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#define N 96

static double a[N][N], b[N][N], c[N][N], x[N], r[N], p[N], q[N];

static double matmul(void)
{
	for (int i = 0; i < N; i++)
		for (int j = 0; j < N; j++) {
			double s = 0;
			for (int k = 0; k < N; k++)
				s += a[i][k] * b[k][j];
			c[i][j] = s;
		}
	return c[N / 2][N / 3];
}

/* Steepest-descent steps on the symmetric, diagonally dominant matrix a + aᵀ + 4N·I. */
static double iterate(void)
{
	for (int i = 0; i < N; i++)
		x[i] = 0, r[i] = p[i] = 1.0;
	double rr = N;
	for (int it = 0; it < 25; it++) {
		for (int i = 0; i < N; i++) {
			double s = 4.0 * N * p[i];
			for (int j = 0; j < N; j++)
				s += (a[i][j] + a[j][i]) * p[j];
			q[i] = s;
		}
		double pq = 0;
		for (int i = 0; i < N; i++)
			pq += p[i] * q[i];
		double alpha = rr / pq, next = 0;
		for (int i = 0; i < N; i++) {
			x[i] += alpha * p[i];
			r[i] -= alpha * q[i];
			next += r[i] * r[i];
		}
		for (int i = 0; i < N; i++)
			p[i] = r[i] + next / rr * p[i];
		rr = next;
	}
	return sqrt(rr);
}

int main(int argc, char **argv)
{
	int rounds = argc > 1 ? atoi(argv[1]) : 1;
	for (int i = 0; i < N; i++)
		for (int j = 0; j < N; j++) {
			a[i][j] = sin(i + 0.5 * j);
			b[i][j] = cos(i * 0.25 - j);
		}
	double acc = 0;
	for (int r = 0; r < rounds; r++)
		acc += matmul() + iterate();
	printf("%.6e\n", acc);
	return 0;
}
