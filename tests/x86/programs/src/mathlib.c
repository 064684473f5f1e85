/* The math library over a spread of arguments, printed exactly (%a) and in decimal. */
#include <math.h>
#include <stdio.h>
#include "programs.h"

static void show(const char *name, double x, double y)
{
	printf("%-6s %-24.17g %a %.17g\n", name, x, y, y);
}

int mathlib_main(void)
{
	static const double args[] = { 0.0, 0.5, 1.0, -1.0, 2.0, 3.14159, 10.0, -7.25, 100.5, 1e-5, 1e5, 0.7071067811865476 };
	for (unsigned i = 0; i < sizeof args / sizeof args[0]; i++) {
		double x = args[i];
		show("sin", x, sin(x));
		show("cos", x, cos(x));
		show("tan", x, tan(x));
		show("atan", x, atan(x));
		show("exp", x, exp(x / 8));
		show("log", x, log(fabs(x) + 1));
		show("log10", x, log10(fabs(x) + 0.5));
		show("sqrt", x, sqrt(fabs(x)));
		show("cbrt", x, cbrt(x));
		show("pow", x, pow(fabs(x) + 0.25, 1.75));
		show("fmod", x, fmod(x, 0.75));
		show("atan2", x, atan2(x, 1.5));
		show("floor", x, floor(x * 1.5));
		show("ceil", x, ceil(x * 1.5));
		show("round", x, round(x * 1.5));
		show("hypot", x, hypot(x, 3.0));
		show("sinh", x, sinh(x / 16));
		show("tanh", x, tanh(x));
	}
	return 0;
}
