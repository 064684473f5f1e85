/* A program whose bss alone is larger than the LWK's memory in the tests. */
char big[96 << 20];

int main(void)
{
	big[12345] = 1;
	return big[12345];
}
