# SPDX-License-Identifier: GPL-2.0
#
# make              minimalt.ko against KDIR, and the userspace tools
# make modules-all  minimalt.ko against every target kernel (build/kmod/NAME;
#                   KERNELS="6.12 kcsan" picks some; debug and kcsan are
#                   built and cached on first use, see scripts/debug-kernel)
# make check        set up, build, run unit tests and the VM selftests
# make style        checkpatch --strict on the kernel sources, YNL spec check
# make fuzz         the libFuzzer targets, for longer than make check does
# make demo         the main job: two hosts in a VM, 0-RTT echo over demo.bit
# make bench        connect-to-first-byte latency, AF_MINIMALT against TCP;
#                   curl through the proxies and the preload library; bulk
#                   throughput against TCP and TCP over WireGuard
# make install      minimalt.ko into /lib/modules (kbuild's modules_install,
#                   against KDIR) and the userspace tools (DESTDIR, PREFIX)
# make cross        minimalt.ko for arm64, armhf and s390x (W=1, no
#                   warnings) and the pure files' unit tests under qemu-user
# make deb          the Debian packages minimalt-dkms and minimalt-tools

top := $(CURDIR)
KERNELS ?= 6.1 6.12 debug kcsan

# Default: the running kernel's build tree, else the newest target headers.
KDIR ?= $(shell if [ -e /lib/modules/$$(uname -r)/build/Makefile ]; then \
		echo /lib/modules/$$(uname -r)/build; \
	else \
		$(top)/scripts/kernels 6.12 2>/dev/null | cut -d' ' -f4; \
	fi)

KBUILD_FLAGS := W=1 KCFLAGS=-Werror
CHECKPATCH := $(top)/build/tools/linux/scripts/checkpatch.pl
KERNEL_SRCS := $(filter-out %.mod.c,$(wildcard kernel/*.c kernel/*.h \
	kernel/include/uapi/linux/*.h))

.PHONY: all module modules-all userspace selftests guest unit fuzz check \
	style demo bench install cross deb check-arch clean

all: module userspace

module:
	$(MAKE) -C $(KDIR) M=$(top) $(KBUILD_FLAGS) modules

# Each kernel gets its own copy of the sources, so builds do not collide.
modules-all:
	@set -e; for k in $(KERNELS); do \
		kdir=$$($(top)/scripts/kernels $$k | cut -d' ' -f4); \
		dst=$(top)/build/kmod/$$k; \
		rm -rf $$dst/kernel; mkdir -p $$dst; \
		cp -a Kbuild kernel $$dst/; \
		case $$k in \
		arm64) cross="ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu-" ;; \
		s390x) cross="ARCH=s390 CROSS_COMPILE=s390x-linux-gnu-" ;; \
		*) cross= ;; \
		esac; \
		echo "  KMOD    $$k ($$kdir)"; \
		$(MAKE) -s -C $$kdir M=$$dst $$cross $(KBUILD_FLAGS) modules; \
	done

userspace:
	$(MAKE) -C userspace

selftests:
	$(MAKE) -C selftests OUT=$(top)/build/guest

# What the VM sees at /mlt: tools in bin/, the Python binding in python/,
# the selftests beside them.
guest: userspace selftests
	mkdir -p build/guest/bin build/guest/scripts build/guest/lib \
		build/guest/share build/guest/python
	cp userspace/nss/libnss_minimalt.so.2 \
		userspace/preload/libmlt-preload.so build/guest/lib/
	cp userspace/proxy/mlt-proxy.nft build/guest/share/
	cp userspace/mltctl/mltctl userspace/examples/mlt-echo-server \
		userspace/examples/mlt-echo-client userspace/examples/mlt-bulk \
		userspace/namecoind-helper/namecoind-helper \
		userspace/proxy/mlt-proxy \
		build/guest/selftests/fake-namecoind build/guest/bin/
	cp scripts/demo-guest.sh scripts/bench-latency-guest.sh \
		scripts/bench-transport-guest.sh scripts/bench-programs-guest.sh \
		scripts/walkthrough-guest.sh scripts/bench-lib.sh \
		build/guest/scripts/
	cp userspace/python/minimalt.py build/guest/python/

unit:
	scripts/check-ynl
	/usr/bin/python3 selftests/unit/gen_crypto_kat.py --check \
		Documentation/protocol.rst
	$(MAKE) -C userspace unit
	$(MAKE) -C selftests/unit run
	$(MAKE) -s -C selftests fake-node-test
	@# The Python binding and its suite: they compile (no bytecode
	@# written) and the binding imports (its sockaddr_mlt is 128 bytes).
	/usr/bin/python3 -B -c 'import sys; [compile(open(f).read(), f, "exec") for f in sys.argv[1:]]' \
		userspace/python/minimalt.py selftests/mlt_python.py
	PYTHONPATH=userspace/python /usr/bin/python3 -B -c 'import minimalt'
	@echo "ok - python: minimalt.py and mlt_python.py compile"

fuzz:
	$(MAKE) -C selftests/unit fuzz
	$(MAKE) -C userspace/namecoind-helper fuzz FUZZ_SECONDS=300

check:
	scripts/setup
	scripts/check

style:
	@test -f $(CHECKPATCH) || scripts/setup
	$(CHECKPATCH) --strict --no-tree -q -f $(KERNEL_SRCS)
	scripts/check-ynl

# DESTDIR stages the module too (INSTALL_MOD_PATH, under
# lib/modules/RELEASE/updates).
install: module userspace
	$(MAKE) -C $(KDIR) M=$(top) INSTALL_MOD_PATH=$(DESTDIR) \
		INSTALL_MOD_DIR=updates modules_install
	$(MAKE) -C userspace install

cross:
	scripts/cross

# The module booted on arm64 and s390x, and an x86-64 and an s390x guest
# on one wire (scripts/check-arch; not part of check: it takes long).
check-arch:
	scripts/check-arch

deb:
	scripts/deb

demo:
	scripts/demo

bench:
	scripts/bench-latency
	scripts/bench-programs
	scripts/bench-transport
	scripts/bench-flood

clean:
	$(MAKE) -C $(KDIR) M=$(top) clean 2>/dev/null || true
	$(MAKE) -C userspace clean
	$(MAKE) -C selftests clean OUT=$(top)/build/guest
	rm -rf build/kmod build/guest build/vm build/check
