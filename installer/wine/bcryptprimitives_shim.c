/* bcryptprimitives_shim.c: a TEST-ONLY stand-in for Windows' bcryptprimitives.dll, for Wine 8.
 *
 * Programs built with Rust 1.78 or later (here: cryptography's _rust.pyd, which the import and pack verbs
 * load) take their random numbers from ProcessPrng in bcryptprimitives.dll, which every Windows 10 has
 * and Wine 8.0 (Debian 12) lacks: "DLL load failed while importing _rust".  This one forwards to the
 * system RNG through BCryptGenRandom, which Wine has, so the code under test runs as on Windows.
 *
 * NEVER ship this in the product: a real Windows has the real bcryptprimitives.dll.
 * Build:  x86_64-w64-mingw32-gcc -O2 -shared -s -o bcryptprimitives.dll bcryptprimitives_shim.c -lbcrypt
 */
#include <windows.h>
#include <bcrypt.h>

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T size)
{
    while (size > 0) {
        ULONG chunk = size > 0x40000000 ? 0x40000000 : (ULONG)size;
        if (BCryptGenRandom(NULL, data, chunk, BCRYPT_USE_SYSTEM_PREFERRED_RNG) != 0)
            return FALSE;
        data += chunk;
        size -= chunk;
    }
    return TRUE;
}
