#!/usr/bin/env python3
"""Userspace delay line for the nat4j NAT lab.

Forwards Ethernet frames between two interfaces of a link's middle namespace, adding delay, jitter, loss and
reordering per direction. The lab uses it where the kernel has no sch_netem qdisc (tc netem then fails with
"Specified qdisc kind is unknown"). Standard library only. A TCP burst the kernel hands over as one large
(GSO) frame is delayed, lost or reordered as a whole.

usage: delayline.py NEAR_IF FAR_IF SEED DELAY_US,JITTER_US,LOSS_PCT,REORDER_PCT DELAY_US,JITTER_US,LOSS_PCT,REORDER_PCT
       (first spec: frames from NEAR_IF to FAR_IF, second: the other way). Prints READY once both sockets are bound.
"""
import heapq
import random
import select
import socket
import sys
import time

ETH_P_ALL = 0x0003
SOL_PACKET = 263
PACKET_VNET_HDR = 15
PACKET_OUTGOING = 4
MAX_FRAME = 65535 + 10      # a whole GSO frame plus the virtio-net header
MAX_QUEUED = 20000          # frames held at once; beyond this new frames are dropped (a full queue)
LIFETIME_S = 6 * 3600       # bounded even if nobody kills it


def open_socket(ifname):
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
    # With a virtio-net header in front of every frame, the kernel tells us about offloads (a TCP "frame" of 64 KB
    # still to be segmented, a checksum still to be completed) and applies them again when we send: without it such
    # frames could not be sent on (EMSGSIZE) or would arrive with a bad checksum.
    s.setsockopt(SOL_PACKET, PACKET_VNET_HDR, 1)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 * 1024 * 1024)
    s.bind((ifname, 0))
    s.setblocking(False)
    return s


def parse(spec):
    delay, jitter, loss, reorder = spec.split(",")
    return int(delay) / 1e6, int(jitter) / 1e6, float(loss) / 100.0, float(reorder) / 100.0


def main():
    near_if, far_if, seed = sys.argv[1], sys.argv[2], int(sys.argv[3])
    rules = {0: parse(sys.argv[4]), 1: parse(sys.argv[5])}
    rng = random.Random(seed)
    socks = [open_socket(near_if), open_socket(far_if)]
    print("READY", flush=True)
    queue = []
    sequence = 0
    end = time.monotonic() + LIFETIME_S
    while time.monotonic() < end:
        now = time.monotonic()
        timeout = max(0.0, queue[0][0] - now) if queue else 1.0
        readable, _, _ = select.select(socks, [], [], timeout)
        for index in (0, 1):
            if socks[index] not in readable:
                continue
            while True:
                try:
                    frame, address = socks[index].recvfrom(MAX_FRAME)
                except BlockingIOError:
                    break
                if address[2] == PACKET_OUTGOING:
                    continue  # our own transmission, seen again on the way out
                delay, jitter, loss, reorder = rules[index]
                if loss and rng.random() < loss:
                    continue
                if len(queue) >= MAX_QUEUED:
                    continue
                hold = delay
                if jitter:
                    hold = max(0.0, hold + rng.uniform(-jitter, jitter))
                if reorder and rng.random() < reorder:
                    hold = 0.0  # sent at once, overtaking the frames still held
                sequence += 1
                heapq.heappush(queue, (time.monotonic() + hold, sequence, 1 - index, frame))
        now = time.monotonic()
        while queue and queue[0][0] <= now:
            _, _, out, frame = heapq.heappop(queue)
            try:
                socks[out].send(frame)
            except OSError:
                pass  # e.g. a frame above the MTU: dropped, as a link would


if __name__ == "__main__":
    main()
