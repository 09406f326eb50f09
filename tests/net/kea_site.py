# The site's Kea configuration for the tests: the Dhcp4 object that
# `phonerescue export --format kea` wrote, merged as an administrator
# would into a memfile lease database, one subnet on the test's
# interface and a log file.
#   kea_site.py EXPORTED OUT IFACE SUBNET(a.b.c) TMPDIR LEASEFILE [LFC]
# LFC: the lease file cleanup's interval in seconds (default 0: none).
import json
import sys

src, dst, ifc, net, tmp, leases = sys.argv[1:7]
lfc = int(sys.argv[7]) if len(sys.argv) > 7 else 0
d = json.load(open(src))
d["Dhcp4"].update({
    "interfaces-config": {"interfaces": [ifc]},
    "lease-database": {"type": "memfile", "persist": True,
                       "name": leases, "lfc-interval": lfc},
    "valid-lifetime": 300,
    "subnet4": [{"id": 1, "subnet": net + ".0/24",
                 "pools": [{"pool": net + ".100 - " + net + ".150"}],
                 "option-data": [{"name": "routers", "data": net + ".1"}]}],
    "loggers": [{"name": "kea-dhcp4", "severity": "INFO",
                 "output_options": [{"output": tmp + "/kea.log"}]}],
})
json.dump(d, open(dst, "w"), indent=1)
