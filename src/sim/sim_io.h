/*
 * sim_io.h: the simulated phone's sockets on the shared loop.  CDP and
 * LLDP go out through a raw packet socket, DHCP through a packet socket
 * (the phone has no address yet), and once leased the address goes on the
 * interface, as a phone's does, and TFTP uses an ordinary UDP socket bound
 * to it.  The address is taken away again on reboot and at the end.
 *
 *	io = sim_io_new(loop, "veth1", &cfg, report_cb, arg, err, sizeof err);
 *	loop_run(loop);			(stops when the phone is done)
 *	rc = sim_io_result(io);
 *	sim_io_free(io);
 */
#ifndef SIM_SIM_IO_H
#define SIM_SIM_IO_H

#include <stddef.h>

#include "sim_phone.h"

struct loop;
struct sim_io;

struct sim_io	*sim_io_new(struct loop *, const char *, const struct sim_cfg *,
		     void (*)(void *, const struct sim_report *), void *,
		     char *, size_t);
void		 sim_io_free(struct sim_io *);
/* Start: link-up now. */
void		 sim_io_start(struct sim_io *);
enum sim_result	 sim_io_result(const struct sim_io *);
/* The host's overall time limit ran out. */
void		 sim_io_abort(struct sim_io *, const char *);

#endif /* SIM_SIM_IO_H */
