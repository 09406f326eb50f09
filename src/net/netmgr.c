/*
 * Who else configures an interface (netmgr.h): NetworkManager over
 * D-Bus, systemd-networkd's state files, DHCP clients in /proc.
 *
 * libdbus rather than sd-bus: it is what Debian's NetworkManager itself
 * links, it needs no systemd (a laptop with NetworkManager but another
 * init still works), and the blocking calls below are all this needs.
 * Each connection is private (dbus_bus_get_private), never the shared
 * one, so closing it touches nothing else in the process.
 */
#include "config.h"

#include <dbus/dbus.h>

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "compat.h"
#include "net/netmgr.h"
#include "util.h"

#define NM_NAME		"org.freedesktop.NetworkManager"
#define NM_PATH		"/org/freedesktop/NetworkManager"
#define NM_DEVICE	NM_NAME ".Device"
#define NM_ACTIVE	NM_NAME ".Connection.Active"
#define DBUS_PROPS	"org.freedesktop.DBus.Properties"
#define NM_CALL_MS	3000	/* one call's reply */
#define NM_SETTLE_MS	3000	/* a Managed change to show in State */

#define NETWORKD_LINKS	"/run/systemd/netif/links"

struct netmgr_bus {
	DBusConnection	*c;
};

static void
dbus_err(char *err, size_t errlen, const char *what, DBusError *e)
{
	snprintf(err, errlen, "%s: %s", what, dbus_error_is_set(e) &&
	    e->message != NULL ? e->message : "no reply");
	dbus_error_free(e);
}

struct netmgr_bus *
netmgr_bus_open(char *err, size_t errlen)
{
	struct netmgr_bus	*b;
	DBusError		 e;
	DBusConnection		*c;

	/* Leave SIGPIPE as the program set it. */
	dbus_connection_set_change_sigpipe(FALSE);
	dbus_error_init(&e);
	if ((c = dbus_bus_get_private(DBUS_BUS_SYSTEM, &e)) == NULL) {
		dbus_err(err, errlen, "system bus", &e);
		return (NULL);
	}
	dbus_connection_set_exit_on_disconnect(c, FALSE);
	if ((b = calloc(1, sizeof *b)) == NULL) {
		dbus_connection_close(c);
		dbus_connection_unref(c);
		snprintf(err, errlen, "out of memory");
		return (NULL);
	}
	b->c = c;
	return (b);
}

void
netmgr_bus_close(struct netmgr_bus *b)
{
	if (b == NULL)
		return;
	dbus_connection_close(b->c);
	dbus_connection_unref(b->c);
	free(b);
}

/* Send m (unref'd here) and wait for the reply; NULL with e set. */
static DBusMessage *
nm_call(struct netmgr_bus *b, DBusMessage *m, DBusError *e)
{
	DBusMessage	*r;

	if (m == NULL)
		return (NULL);
	r = dbus_connection_send_with_reply_and_block(b->c, m, NM_CALL_MS, e);
	dbus_message_unref(m);
	return (r);
}

/* Does NetworkManager own its name on this bus?  1, 0, -1 with err. */
static int
nm_running(struct netmgr_bus *b, char *err, size_t errlen)
{
	DBusError	 e;
	DBusMessage	*m, *r;
	const char	*name = NM_NAME;
	dbus_bool_t	 has = FALSE;

	dbus_error_init(&e);
	m = dbus_message_new_method_call("org.freedesktop.DBus",
	    "/org/freedesktop/DBus", "org.freedesktop.DBus", "NameHasOwner");
	if (m != NULL && !dbus_message_append_args(m, DBUS_TYPE_STRING, &name,
	    DBUS_TYPE_INVALID)) {
		dbus_message_unref(m);
		m = NULL;
	}
	if ((r = nm_call(b, m, &e)) == NULL) {
		dbus_err(err, errlen, "NameHasOwner", &e);
		return (-1);
	}
	if (!dbus_message_get_args(r, &e, DBUS_TYPE_BOOLEAN, &has,
	    DBUS_TYPE_INVALID)) {
		dbus_message_unref(r);
		dbus_err(err, errlen, "NameHasOwner", &e);
		return (-1);
	}
	dbus_message_unref(r);
	return (has ? 1 : 0);
}

/* The device's object path into path: 1, 0 unknown device, -1 with err. */
static int
nm_device(struct netmgr_bus *b, const char *ifname, char *path, size_t len,
    char *err, size_t errlen)
{
	DBusError	 e;
	DBusMessage	*m, *r;
	const char	*p = NULL;

	dbus_error_init(&e);
	m = dbus_message_new_method_call(NM_NAME, NM_PATH, NM_NAME,
	    "GetDeviceByIpIface");
	if (m != NULL && !dbus_message_append_args(m, DBUS_TYPE_STRING,
	    &ifname, DBUS_TYPE_INVALID)) {
		dbus_message_unref(m);
		m = NULL;
	}
	if ((r = nm_call(b, m, &e)) == NULL) {
		if (dbus_error_has_name(&e, NM_NAME ".UnknownDevice")) {
			dbus_error_free(&e);
			return (0);
		}
		dbus_err(err, errlen, "GetDeviceByIpIface", &e);
		return (-1);
	}
	if (!dbus_message_get_args(r, &e, DBUS_TYPE_OBJECT_PATH, &p,
	    DBUS_TYPE_INVALID) || strlcpy(path, p, len) >= len) {
		dbus_message_unref(r);
		dbus_err(err, errlen, "GetDeviceByIpIface", &e);
		return (-1);
	}
	dbus_message_unref(r);
	return (1);
}

/*
 * Property prop of iface at path, of D-Bus type want, into out (an int
 * for b/u/i, a char buffer of outlen for s/o); 0, or -1 with err.
 */
static int
nm_get(struct netmgr_bus *b, const char *path, const char *iface,
    const char *prop, int want, void *out, size_t outlen, char *err,
    size_t errlen)
{
	DBusError	 e;
	DBusMessage	*m, *r;
	DBusMessageIter	 it, v;
	dbus_uint32_t	 u = 0;
	dbus_bool_t	 bo = FALSE;
	dbus_int32_t	 i = 0;
	const char	*s = NULL;

	dbus_error_init(&e);
	m = dbus_message_new_method_call(NM_NAME, path, DBUS_PROPS, "Get");
	if (m != NULL && !dbus_message_append_args(m, DBUS_TYPE_STRING, &iface,
	    DBUS_TYPE_STRING, &prop, DBUS_TYPE_INVALID)) {
		dbus_message_unref(m);
		m = NULL;
	}
	if ((r = nm_call(b, m, &e)) == NULL) {
		dbus_err(err, errlen, prop, &e);
		return (-1);
	}
	if (!dbus_message_iter_init(r, &it) ||
	    dbus_message_iter_get_arg_type(&it) != DBUS_TYPE_VARIANT) {
		dbus_message_unref(r);
		snprintf(err, errlen, "%s: not a variant", prop);
		return (-1);
	}
	dbus_message_iter_recurse(&it, &v);
	if (dbus_message_iter_get_arg_type(&v) != want) {
		dbus_message_unref(r);
		snprintf(err, errlen, "%s: unexpected type", prop);
		return (-1);
	}
	switch (want) {
	case DBUS_TYPE_BOOLEAN:
		dbus_message_iter_get_basic(&v, &bo);
		*(int *)out = bo ? 1 : 0;
		break;
	case DBUS_TYPE_UINT32:
		dbus_message_iter_get_basic(&v, &u);
		*(int *)out = (int)u;
		break;
	case DBUS_TYPE_INT32:
		dbus_message_iter_get_basic(&v, &i);
		*(int *)out = (int)i;
		break;
	default:
		dbus_message_iter_get_basic(&v, &s);
		strlcpy(out, s != NULL ? s : "", outlen);
		break;
	}
	dbus_message_unref(r);
	return (0);
}

/* Managed and State of the device at path. */
static int
nm_get_state(struct netmgr_bus *b, const char *path, int *managed,
    int *state, char *err, size_t errlen)
{
	if (nm_get(b, path, NM_DEVICE, "Managed", DBUS_TYPE_BOOLEAN, managed,
	    0, err, errlen) != 0 || nm_get(b, path, NM_DEVICE, "State",
	    DBUS_TYPE_UINT32, state, 0, err, errlen) != 0)
		return (-1);
	return (0);
}

int
netmgr_nm_query(struct netmgr_bus *b, const char *ifname,
    struct netmgr_nm *nm, char *err, size_t errlen)
{
	char	 path[256], ac[256];
	int	 r, managed = 0, state = 0;

	memset(nm, 0, sizeof *nm);
	if ((r = nm_running(b, err, errlen)) <= 0)
		return (r);
	nm->running = 1;
	if ((r = nm_device(b, ifname, path, sizeof path, err, errlen)) <= 0)
		return (r);
	if (nm_get_state(b, path, &managed, &state, err, errlen) != 0)
		return (-1);
	nm->known = 1;
	nm->managed = managed;
	nm->state = (unsigned)state;
	(void)nm_get(b, path, NM_DEVICE, "HwAddress", DBUS_TYPE_STRING,
	    nm->hwaddr, sizeof nm->hwaddr, err, errlen);
	/* The active connection's name, for the messages only. */
	if (nm_get(b, path, NM_DEVICE, "ActiveConnection",
	    DBUS_TYPE_OBJECT_PATH, ac, sizeof ac, err, errlen) == 0 &&
	    strcmp(ac, "/") != 0)
		(void)nm_get(b, ac, NM_ACTIVE, "Id", DBUS_TYPE_STRING,
		    nm->conn, sizeof nm->conn, err, errlen);
	err[0] = '\0';
	return (0);
}

/* Properties.Set(Device, "Managed", <managed>) on path. */
static int
nm_set_managed(struct netmgr_bus *b, const char *path, int managed,
    char *err, size_t errlen)
{
	DBusError	 e;
	DBusMessage	*m, *r;
	DBusMessageIter	 it, v;
	const char	*iface = NM_DEVICE, *prop = "Managed";
	dbus_bool_t	 val = managed ? TRUE : FALSE;

	dbus_error_init(&e);
	if ((m = dbus_message_new_method_call(NM_NAME, path, DBUS_PROPS,
	    "Set")) == NULL) {
		snprintf(err, errlen, "out of memory");
		return (-1);
	}
	dbus_message_iter_init_append(m, &it);
	if (!dbus_message_iter_append_basic(&it, DBUS_TYPE_STRING, &iface) ||
	    !dbus_message_iter_append_basic(&it, DBUS_TYPE_STRING, &prop) ||
	    !dbus_message_iter_open_container(&it, DBUS_TYPE_VARIANT,
	    DBUS_TYPE_BOOLEAN_AS_STRING, &v) ||
	    !dbus_message_iter_append_basic(&v, DBUS_TYPE_BOOLEAN, &val) ||
	    !dbus_message_iter_close_container(&it, &v)) {
		dbus_message_unref(m);
		snprintf(err, errlen, "out of memory");
		return (-1);
	}
	if ((r = nm_call(b, m, &e)) == NULL) {
		dbus_err(err, errlen, "NetworkManager refused", &e);
		return (-1);
	}
	dbus_message_unref(r);
	return (0);
}

int
netmgr_nm_set_managed(struct netmgr_bus *bus, const char *ifname,
    int managed, char *err, size_t errlen)
{
	struct netmgr_bus	*b = bus;
	char			 path[256];
	int			 r, m = -1, state = 0, waited;

	if (b == NULL && (b = netmgr_bus_open(err, errlen)) == NULL)
		return (-1);
	if ((r = nm_running(b, err, errlen)) == 0)
		snprintf(err, errlen, "NetworkManager is not running");
	if (r <= 0)
		goto fail;
	if ((r = nm_device(b, ifname, path, sizeof path, err, errlen)) == 0)
		snprintf(err, errlen, "NetworkManager has no device %s",
		    ifname);
	if (r <= 0 || nm_set_managed(b, path, managed, err, errlen) != 0)
		goto fail;
	/* A refused change can look like success: wait for it to show. */
	for (waited = 0; waited <= NM_SETTLE_MS; waited += 50) {
		if (nm_get_state(b, path, &m, &state, err, errlen) != 0)
			goto fail;
		if (m == managed && (managed ? state != NETMGR_NM_UNMANAGED :
		    state == NETMGR_NM_UNMANAGED))
			break;
		usleep(50 * 1000);
	}
	if (waited > NM_SETTLE_MS) {
		snprintf(err, errlen, "NetworkManager accepted Managed=%s but "
		    "the device stays %s (state %d)", managed ? "yes" : "no",
		    m ? "managed" : "unmanaged", state);
		goto fail;
	}
	if (bus == NULL)
		netmgr_bus_close(b);
	return (0);
fail:
	if (bus == NULL)
		netmgr_bus_close(b);
	return (-1);
}

int
netmgr_networkd_parse(const char *text, struct netmgr_networkd *nd)
{
	const char	*p = text, *nl, *eq;
	size_t		 klen, vlen;
	int		 have = 0;

	memset(nd, 0, sizeof *nd);
	for (; *p != '\0'; p = *nl == '\0' ? nl : nl + 1) {
		if ((nl = strchr(p, '\n')) == NULL)
			nl = p + strlen(p);
		if (*p == '#' || (eq = memchr(p, '=', (size_t)(nl - p))) ==
		    NULL)
			continue;
		klen = (size_t)(eq - p);
		vlen = (size_t)(nl - eq - 1);
		if (klen == 11 && strncmp(p, "ADMIN_STATE", 11) == 0 &&
		    vlen < sizeof nd->admin_state) {
			memcpy(nd->admin_state, eq + 1, vlen);
			nd->admin_state[vlen] = '\0';
			have = 1;
		} else if (klen == 12 && strncmp(p, "NETWORK_FILE", 12) == 0 &&
		    vlen < sizeof nd->network_file) {
			memcpy(nd->network_file, eq + 1, vlen);
			nd->network_file[vlen] = '\0';
		}
	}
	if (!have)
		return (-1);
	/* "unmanaged": no .network matched; "linger": the link is gone. */
	nd->managed = strcmp(nd->admin_state, "unmanaged") != 0 &&
	    strcmp(nd->admin_state, "linger") != 0;
	return (0);
}

/* Up to len-1 bytes of path into buf; the length, or -1. */
static ssize_t
read_small(const char *path, char *buf, size_t len)
{
	FILE	*f;
	size_t	 n;

	if ((f = fopen(path, "re")) == NULL)
		return (-1);
	n = fread(buf, 1, len - 1, f);
	fclose(f);
	buf[n] = '\0';
	return ((ssize_t)n);
}

int
netmgr_networkd_read(const char *dir, unsigned ifindex,
    struct netmgr_networkd *nd)
{
	char	 path[1024], text[4096];

	memset(nd, 0, sizeof *nd);
	snprintf(path, sizeof path, "%s/%u", dir != NULL ? dir :
	    NETWORKD_LINKS, ifindex);
	if (read_small(path, text, sizeof text) < 0)
		return (0);
	return (netmgr_networkd_parse(text, nd) == 0 ? 1 : 0);
}

/* The basename of a NUL-terminated argument. */
static const char *
base(const char *a)
{
	const char	*s = strrchr(a, '/');

	return (s != NULL ? s + 1 : a);
}

/* Is a (one of dhclient's options) followed by a value? */
static int
dhclient_takes_value(const char *a)
{
	static const char *const opts[] = { "-cf", "-df", "-e", "-g", "-lf",
	    "-p", "-pf", "-s", "-sf", "--timeout", "--dad-wait-time",
	    "--prefix-len-hint", "--decline-wait-time",
	    "--address-prefix-len", NULL };
	size_t	 i;

	for (i = 0; opts[i] != NULL; i++)
		if (strcmp(a, opts[i]) == 0)
			return (1);
	return (0);
}

/* dhcpcd's short options that take a value (dhcpcd(8)). */
#define DHCPCD_VALUE_OPTS	"cefhiIlmoOQrsStuvVwWyzCjF"

/*
 * A dhcpcd process title after "dhcpcd: ": interface names, and
 * bracketed words ("[manager]": it takes every interface; "[ip4]",
 * "[privileged proxy]" and the like say nothing of one).
 */
static int
dhcpcd_title(const char *t, const char *ifname, int *all)
{
	size_t	 il = strlen(ifname), n;
	int	 manager = 0;

	while (*t != '\0') {
		if (*t == ' ') {
			t++;
			continue;
		}
		if (*t == '[') {
			n = strcspn(t, "]");
			manager |= (n == 8 && strncmp(t, "[manager", 8) == 0) ||
			    (n == 7 && strncmp(t, "[master", 7) == 0);
			t += t[n] == ']' ? n + 1 : n;
			continue;
		}
		n = strcspn(t, " ");
		if (n == il && strncmp(t, ifname, il) == 0)
			return (1);
		t += n;
	}
	*all = manager;
	return (manager);
}

int
netmgr_cmdline_client(const char *cmd, size_t len, const char *ifname,
    char *client, size_t clen, int *all)
{
	const char	*argv[64], *p, *name;
	size_t		 argc = 0, i, il = strlen(ifname);
	int		 named_any = 0, named_us = 0, isc;

	*all = 0;
	for (p = cmd; p < cmd + len && argc < 64; p += strlen(p) + 1) {
		if (memchr(p, '\0', (size_t)(cmd + len - p)) == NULL)
			break;		/* a truncated last argument */
		argv[argc++] = p;
	}
	if (argc == 0)
		return (0);
	name = base(argv[0]);
	i = 1;
	/* busybox udhcpc ..., and a client started through its path. */
	if (strcmp(name, "busybox") == 0 && argc > 1) {
		name = base(argv[1]);
		i = 2;
	}
	if (strcmp(name, "udhcpc") == 0) {
		/* -i IFACE, -iIFACE, --interface IFACE, --interface=IFACE */
		for (; i < argc; i++) {
			const char *a = argv[i], *v = NULL;
			if ((strcmp(a, "-i") == 0 ||
			    strcmp(a, "--interface") == 0) && i + 1 < argc)
				v = argv[++i];
			else if (strncmp(a, "--interface=", 12) == 0)
				v = a + 12;
			else if (a[0] == '-' && a[1] == 'i' && a[2] != '\0')
				v = a + 2;
			if (v != NULL) {
				named_any = 1;
				named_us |= strcmp(v, ifname) == 0;
			}
		}
		/* Without -i, udhcpc runs on eth0. */
		if (!named_any)
			named_us = strcmp(ifname, "eth0") == 0;
		strlcpy(client, "udhcpc", clen);
		return (named_us);
	}
	/* dhcpcd 9 retitles itself: "dhcpcd: [manager] [ip4] [ip6]". */
	if (strncmp(argv[0], "dhcpcd: ", 8) == 0) {
		strlcpy(client, "dhcpcd", clen);
		return (dhcpcd_title(argv[0] + 8, ifname, all));
	}
	if (strcmp(name, "dhclient") != 0 && strcmp(name, "dhcpcd") != 0)
		return (0);
	strlcpy(client, name, clen);
	isc = strcmp(name, "dhclient") == 0;
	/* Anything that is no option nor an option's value names an iface. */
	for (; i < argc; i++) {
		const char *a = argv[i];
		if (a[0] == '-') {
			if (isc) {
				if (dhclient_takes_value(a))
					i++;
			} else if (a[1] != '-' && a[1] != '\0' &&
			    a[2] == '\0' && strchr(DHCPCD_VALUE_OPTS,
			    a[1]) != NULL)
				i++;
			continue;
		}
		named_any = 1;
		/* dhcpcd also takes IFACE:ALIAS-like forms; keep it exact. */
		named_us |= strlen(a) == il && strcmp(a, ifname) == 0;
	}
	if (!named_any) {
		*all = 1;
		return (1);
	}
	return (named_us);
}

/* The comm of pid below procdir into buf ("" if unknown). */
static void
proc_comm(const char *procdir, long pid, char *buf, size_t len)
{
	char	 path[1024];
	ssize_t	 n;

	snprintf(path, sizeof path, "%s/%ld/comm", procdir, pid);
	if ((n = read_small(path, buf, len)) <= 0) {
		buf[0] = '\0';
		return;
	}
	if (buf[n - 1] == '\n')
		buf[n - 1] = '\0';
}

/* The parent of pid, from procdir/pid/stat; 0 if unknown. */
static long
proc_ppid(const char *procdir, long pid)
{
	char		 path[1024], text[1024], *p;
	long		 ppid;

	snprintf(path, sizeof path, "%s/%ld/stat", procdir, pid);
	if (read_small(path, text, sizeof text) <= 0 ||
	    (p = strrchr(text, ')')) == NULL ||
	    sscanf(p + 1, " %*c %ld", &ppid) != 1)
		return (0);
	return (ppid);
}

void
netmgr_proc_scan(const char *procdir, const char *ifname,
    struct netmgr_procs *ps)
{
	DIR		*d;
	struct dirent	*de;
	char		 path[1024], cmd[4096], comm[32], client[16];
	long		 pid, self = (long)getpid();
	ssize_t		 n;
	int		 all;

	memset(ps, 0, sizeof *ps);
	if (procdir == NULL)
		procdir = "/proc";
	if ((d = opendir(procdir)) == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (!isdigit((unsigned char)de->d_name[0]) ||
		    (pid = strtol(de->d_name, NULL, 10)) <= 0 || pid == self)
			continue;
		/* One read per process: most are no client. */
		snprintf(path, sizeof path, "%s/%ld/cmdline", procdir, pid);
		if ((n = read_small(path, cmd, sizeof cmd)) <= 0)
			continue;
		if (strcmp(base(cmd), "systemd-networkd") == 0)
			ps->networkd = 1;
		if (!netmgr_cmdline_client(cmd, (size_t)n, ifname, client,
		    sizeof client, &all))
			continue;
		/* NetworkManager's own client goes with NetworkManager. */
		proc_comm(procdir, proc_ppid(procdir, pid), comm, sizeof comm);
		if (strcmp(comm, "NetworkManager") == 0)
			continue;
		/* One naming the interface beats one that runs on all. */
		if (ps->client_pid != 0 && !ps->client_all)
			continue;
		ps->client_pid = pid;
		ps->client_all = all;
		strlcpy(ps->client, client, sizeof ps->client);
	}
	closedir(d);
}

void
netmgr_detect(struct netmgr_bus *b, const char *ifname, unsigned ifindex,
    const uint8_t mac[6], struct netmgr_info *mi)
{
	char	 err[256], ours[18];

	memset(mi, 0, sizeof *mi);
	if (b != NULL && netmgr_nm_query(b, ifname, &mi->nm, err,
	    sizeof err) == 0)
		mi->bus = 1;
	/*
	 * The same name in another namespace is another device: told by
	 * its MAC address (NetworkManager 1.42 shows no ifindex).
	 */
	util_mac_str(ours, sizeof ours, mac);
	if (mi->nm.known && mi->nm.hwaddr[0] != '\0' &&
	    strcasecmp(mi->nm.hwaddr, ours) != 0) {
		mi->nm.known = 0;
		mi->nm.managed = 0;
		mi->nm.elsewhere = 1;
	}
	netmgr_proc_scan(NULL, ifname, &mi->ps);
	if (mi->ps.networkd)
		(void)netmgr_networkd_read(NULL, ifindex, &mi->nd);
}

void
netmgr_who(const struct netmgr_info *mi, char *buf, size_t len)
{
	if (mi->nm.known && mi->nm.managed)
		snprintf(buf, len, "NetworkManager");
	else if (mi->ps.networkd && mi->nd.managed)
		snprintf(buf, len, "systemd-networkd");
	else if (mi->ps.client_pid != 0)
		snprintf(buf, len, "%s (pid %ld)", mi->ps.client,
		    mi->ps.client_pid);
	else
		buf[0] = '\0';
}
