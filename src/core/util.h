/*
 * util.h: small helpers every engine needs for addresses and for showing
 * untrusted bytes to people.
 */
#ifndef CORE_UTIL_H
#define CORE_UTIL_H

#include <sys/types.h>

#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>

/* "00:11:22:aa:bb:cc" (lower case, colons) into buf[18]. */
void	 util_mac_str(char *, size_t, const uint8_t[6]);
/* Parse "00:11:22:AA:BB:CC", "00-11-...", "001122aabbcc"; 0 on success. */
int	 util_mac_parse(const char *, uint8_t[6]);
/* A hex digit's value, either case, or -1. */
int	 util_hexval(int);
/*
 * Exactly 2n hex digits at s into n bytes; 0, or -1 at the first other
 * character (so a shorter NUL-terminated string is never read past).
 */
int	 util_hex_decode(const char *, uint8_t *, size_t);
/* Dotted quad of a network-order address into buf[16]. */
void	 util_ip_str(char *, size_t, uint32_t);
/* "a.b.c.d/len" -> network-order address and prefix length; 0 on success. */
int	 util_cidr_parse(const char *, uint32_t *, unsigned *);
/* "ip:port" for a peer, into buf[EV_ADDR_LEN]. */
void	 util_sockaddr_str(char *, size_t, const struct sockaddr_in *);
/*
 * Copy untrusted bytes for display: printable ASCII kept, everything else
 * as \xNN (dnsmasq's sanitise).  Always NUL-terminates; truncates.
 */
void	 util_sanitise(char *, size_t, const void *, size_t);
/* Case-insensitive ASCII compare of n bytes / whole strings. */
int	 util_strcaseeq(const char *, const char *);
/*
 * mkdir -p: path and each missing parent, with mode (repeated and
 * trailing slashes are fine).  0 once path is a directory, made or found;
 * -1 with errno otherwise, and *at (if not NULL) the length of the prefix
 * of path that could not be made.  made(len, arg), if not NULL, is called
 * for each directory made, by the length of its prefix, parents first.
 */
int	 util_mkdir_p(const char *, mode_t, size_t *, void (*)(size_t, void *),
	     void *);
/* Does s end in suffix, ASCII case ignored? */
int	 util_suffix_ci(const char *, const char *);
/*
 * FNV-1a (32 bits) over n bytes, continuing from h (start with
 * UTIL_FNV1A_INIT); with fold set, over the bytes in lower case.
 */
#define UTIL_FNV1A_INIT	2166136261u
uint32_t util_fnv1a(uint32_t, const void *, size_t, int);
/* Whole-number option parsing: 0 on success, within [min, max]. */
int	 util_parse_uint(const char *, unsigned long long, unsigned long long,
	     unsigned long long *);

#endif /* CORE_UTIL_H */
