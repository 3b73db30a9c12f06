/*
 * bcryptprimitives.dll for Wine 8 (Debian 12), which lacks ProcessPrng:
 * the Go runtime (1.24+) loads it from system32 at start and cannot run
 * without it. Real Windows 10 and 11 have it; this DLL is only for running
 * kehu.exe under Wine in `make test` (tools/winsmoke). ProcessPrng fills
 * the buffer from advapi32's RtlGenRandom (SystemFunction036), in pieces
 * because that takes a 32-bit length.
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buf, ULONG len);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
	while (len > 0) {
		ULONG n = len > 0x40000000 ? 0x40000000 : (ULONG)len;
		if (!SystemFunction036(data, n))
			return FALSE;
		data += n;
		len -= n;
	}
	return TRUE;
}
