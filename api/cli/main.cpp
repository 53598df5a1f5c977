/* SPDX-License-Identifier: MIT */
/*
 * ctisim: the command line (placeholder until the front end lands).
 */
#include <cstdio>

int main()
{
	std::puts("ctisim: the HTTP front end is not built yet");
	return 0;
}
