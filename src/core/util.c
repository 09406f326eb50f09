/* Address formatting and parsing, display sanitising, mkdir -p. */
#include "config.h"

#include <sys/stat.h>

#include <arpa/inet.h>
#include <limits.h>
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "util.h"

void
util_mac_str(char *buf, size_t len, const uint8_t mac[6])
{
	snprintf(buf, len, "%02x:%02x:%02x:%02x:%02x:%02x",
	    mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
}

int
util_hexval(int c)
{
	if (c >= '0' && c <= '9')
		return (c - '0');
	c = tolower((unsigned char)c);
	if (c >= 'a' && c <= 'f')
		return (c - 'a' + 10);
	return (-1);
}

int
util_hex_decode(const char *s, uint8_t *out, size_t n)
{
	size_t	 i;
	int	 hi, lo;

	for (i = 0; i < n; i++) {
		if ((hi = util_hexval(s[2 * i])) < 0 ||
		    (lo = util_hexval(s[2 * i + 1])) < 0)
			return (-1);
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	return (0);
}

int
util_mac_parse(const char *s, uint8_t mac[6])
{
	int	 i, hi, lo;

	for (i = 0; i < 6; i++) {
		if (i > 0 && (*s == ':' || *s == '-' || *s == '.'))
			s++;
		if ((hi = util_hexval(s[0])) < 0 ||
		    (lo = util_hexval(s[1])) < 0)
			return (-1);
		mac[i] = (uint8_t)(hi << 4 | lo);
		s += 2;
	}
	return (*s == '\0' ? 0 : -1);
}

void
util_ip_str(char *buf, size_t len, uint32_t addr)
{
	struct in_addr	 in = { .s_addr = addr };

	if (inet_ntop(AF_INET, &in, buf, (socklen_t)len) == NULL && len > 0)
		buf[0] = '\0';
}

int
util_cidr_parse(const char *s, uint32_t *addr, unsigned *plen)
{
	char			 ip[INET_ADDRSTRLEN];
	const char		*slash = strchr(s, '/');
	size_t			 n = slash ? (size_t)(slash - s) : strlen(s);
	struct in_addr		 in;
	unsigned long long	 v = 32;

	if (n == 0 || n >= sizeof ip)
		return (-1);
	memcpy(ip, s, n);
	ip[n] = '\0';
	if (inet_pton(AF_INET, ip, &in) != 1)
		return (-1);
	if (slash != NULL && util_parse_uint(slash + 1, 0, 32, &v) != 0)
		return (-1);
	*addr = in.s_addr;
	*plen = (unsigned)v;
	return (0);
}

void
util_sockaddr_str(char *buf, size_t len, const struct sockaddr_in *sin)
{
	char	 ip[INET_ADDRSTRLEN];

	util_ip_str(ip, sizeof ip, sin->sin_addr.s_addr);
	snprintf(buf, len, "%s:%u", ip, ntohs(sin->sin_port));
}

void
util_sanitise(char *dst, size_t dstlen, const void *src, size_t srclen)
{
	const unsigned char	*p = src;
	size_t			 i, o = 0;

	if (dstlen == 0)
		return;
	for (i = 0; i < srclen; i++) {
		if (p[i] >= 0x20 && p[i] < 0x7f && p[i] != '\\') {
			if (o + 1 >= dstlen)
				break;
			dst[o++] = (char)p[i];
		} else {
			if (o + 4 >= dstlen)
				break;
			snprintf(dst + o, 5, "\\x%02x", p[i]);
			o += 4;
		}
	}
	dst[o] = '\0';
}

int
util_strcaseeq(const char *a, const char *b)
{
	return (strcasecmp(a, b) == 0);
}

int
util_parse_uint(const char *s, unsigned long long min, unsigned long long max,
    unsigned long long *out)
{
	char			*end;
	unsigned long long	 v;

	if (s == NULL || !isdigit((unsigned char)s[0]))
		return (-1);
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < min || v > max)
		return (-1);
	*out = v;
	return (0);
}

int
util_suffix_ci(const char *s, const char *suffix)
{
	size_t	 n = strlen(s), m = strlen(suffix);

	return (n >= m && strcasecmp(s + n - m, suffix) == 0);
}

uint32_t
util_fnv1a(uint32_t h, const void *buf, size_t n, int fold)
{
	const uint8_t	*p = buf;

	while (n-- > 0) {
		h ^= fold ? (uint8_t)tolower(*p) : *p;
		h *= 16777619u;
		p++;
	}
	return (h);
}

int
util_mkdir_p(const char *path, mode_t mode, size_t *at,
    void (*made)(size_t, void *), void *arg)
{
	struct stat	 st;
	char		 buf[PATH_MAX];
	size_t		 len = strlen(path), i;

	if (len == 0 || len >= sizeof buf) {
		if (at != NULL)
			*at = len;
		errno = len == 0 ? ENOENT : ENAMETOOLONG;
		return (-1);
	}
	memcpy(buf, path, len + 1);
	/* Each prefix that ends a component: before a '/' and at the end. */
	for (i = 1; i <= len; i++) {
		if (i < len && (buf[i] != '/' || buf[i - 1] == '/'))
			continue;
		if (i == len && buf[i - 1] == '/')
			break;
		buf[i] = '\0';
		if (mkdir(buf, mode) == 0) {
			if (made != NULL)
				made(i, arg);
		} else if (errno != EEXIST || stat(buf, &st) != 0 ||
		    !S_ISDIR(st.st_mode)) {
			if (errno == EEXIST)
				errno = ENOTDIR;	/* a file in the way */
			if (at != NULL)
				*at = i;
			return (-1);
		}
		buf[i] = path[i];
	}
	return (0);
}
