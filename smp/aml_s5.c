/*
 * smp/aml_s5.c - aml_find_s5 (smp/acpi.h): the sleep types of the S5
 * (soft-off) state, from the bytes of a DSDT, without an AML interpreter.
 *
 * Firmware declares them as Name(\_S5, Package(){SLP_TYPa, SLP_TYPb, ...}):
 * NameOp (0x08), an optional root prefix '\', the name "_S5_", PackageOp
 * (0x12), a PkgLength of 1 to 4 bytes (bits 7-6 of its first byte count the
 * bytes that follow), NumElements, then the elements as integer constants.
 * A "_S5_" anywhere else (a reference, a string) is not that shape and is
 * skipped.  Portable: host-tested (tests/host/test_aml_s5.c).
 */
#include <stdbool.h>
#include <string.h>
#include "smp/acpi.h"

#define AML_ZERO_OP	0x00
#define AML_ONE_OP	0x01
#define AML_NAME_OP	0x08
#define AML_BYTE_PREFIX	0x0a
#define AML_WORD_PREFIX	0x0b
#define AML_DWORD_PREFIX 0x0c
#define AML_PACKAGE_OP	0x12
#define AML_ROOT_CHAR	'\\'

/* An integer constant at aml[*at] (its low byte is enough for a sleep type); false if none. */
static bool read_const(const uint8_t *aml, uint32_t len, uint32_t *at, uint8_t *v)
{
	uint32_t p = *at, size;

	if (p >= len)
		return false;
	switch (aml[p]) {
	case AML_ZERO_OP:
	case AML_ONE_OP:
		*v = aml[p];
		*at = p + 1;
		return true;
	case AML_BYTE_PREFIX:
		size = 1;
		break;
	case AML_WORD_PREFIX:
		size = 2;
		break;
	case AML_DWORD_PREFIX:
		size = 4;
		break;
	default:
		return false;
	}
	if (len - p - 1 < size)
		return false;
	*v = aml[p + 1];
	*at = p + 1 + size;
	return true;
}

/* Is aml[i..i+4) the name of a Name(\_S5, Package...) declaration? */
static bool is_s5_decl(const uint8_t *aml, uint32_t len, uint32_t i)
{
	if (memcmp(aml + i, "_S5_", 4) != 0 || i + 4 >= len || aml[i + 4] != AML_PACKAGE_OP)
		return false;
	return (i >= 1 && aml[i - 1] == AML_NAME_OP) ||
	       (i >= 2 && aml[i - 1] == AML_ROOT_CHAR && aml[i - 2] == AML_NAME_OP);
}

int aml_find_s5(const uint8_t *aml, uint32_t len, uint8_t *typa, uint8_t *typb)
{
	for (uint32_t i = 1; len >= 4 && i <= len - 4; i++) {
		uint32_t p = i + 5;
		uint8_t n, a, b = 0;	/* a one-element package: SLP_TYPb 0 */

		if (!is_s5_decl(aml, len, i) || p >= len)
			continue;
		p += 1u + (aml[p] >> 6);		/* PkgLength */
		if (p >= len || (n = aml[p++]) == 0 || !read_const(aml, len, &p, &a))
			continue;
		if (n >= 2 && !read_const(aml, len, &p, &b))
			continue;
		*typa = a;
		*typb = b;
		return 0;
	}
	return -1;
}
