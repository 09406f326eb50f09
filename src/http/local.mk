# src/http: ROOT over HTTP on TCP 6970 for phones that fetch by HTTP:
# which answer a request gets (http_plan.c, no sockets) and the server
# (httpd.c, libmicrohttpd on our loop).

src_libphonerescue_a_SOURCES += \
	src/http/http_plan.c src/http/httpd.c src/http/httpd.h
src_libphonerescue_a_CPPFLAGS += $(MHD_CFLAGS)
CORE_LIBS += $(MHD_LIBS)

UNIT_TESTS += tests/unit/test_httpd

SHELL_TESTS += tests/net/http-serve.sh

EXTRA_DIST += bench/http.sh bench/http-ab.sh bench/peers.sh

FUZZERS += tests/fuzz/fuzz_http
tests_fuzz_fuzz_http_SOURCES = tests/fuzz/fuzz_http.c $(FUZZ_MAIN)
tests_fuzz_fuzz_http_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LINK)
