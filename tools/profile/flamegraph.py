#!/usr/bin/env python3
"""tools/profile/flamegraph.py -- an SVG flame graph from folded stacks
(`a;b;c N`, what report.py and sample_report.py write).  Standard library
only: no FlameGraph checkout is needed.

Owns: merging folded stacks into a tree, laying it out (root at the
bottom, each frame as wide as its count, children left to right by name),
and writing the SVG: a rectangle per frame with a <title> (name, count,
percentage) that viewers show on hover, the name drawn where it fits.
Kernel frames (suffix `_[k]`, FlameGraph's convention) are drawn in
orange, user frames in red-yellow, the root (`all`) in grey.

Usage:
    flamegraph.py FOLDED [--title T] [--width PX] > out.svg
"""

import argparse
import html
import sys
import zlib
from typing import Dict, List, Optional, Tuple

FRAME_H = 16
FONT = 11
CHAR_W = 6.6            # average advance of the font, for fitting names
PAD_TOP, PAD_BOTTOM, PAD_X = 36, 10, 10
MIN_W = 0.3             # frames narrower than this many pixels are left out


class Node:
    """One frame of the merged tree: its count includes its children's."""

    def __init__(self, name: str):
        self.name = name
        self.count = 0
        self.children: Dict[str, "Node"] = {}

    def child(self, name: str) -> "Node":
        c = self.children.get(name)
        if c is None:
            c = self.children[name] = Node(name)
        return c


def parse_folded(text: str) -> Node:
    """The tree of folded lines; ValueError names a line without a count."""
    root = Node("all")
    for n, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line:
            continue
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            raise ValueError("line %d: not `frames count`: %r" % (n, line))
        c = int(count)
        node = root
        node.count += c
        for frame in stack.split(";"):
            node = node.child(frame)
            node.count += c
    return root


def depth_of(node: Node) -> int:
    return 1 + max((depth_of(c) for c in node.children.values()), default=0)


def colour(name: str, level: int) -> str:
    """Stable per name: a hash picks the shade within the frame's family."""
    h = zlib.crc32(name.encode()) & 0xffff
    if level == 0:
        return "rgb(170,170,170)"
    if name.endswith("_[k]"):
        return "rgb(%d,%d,%d)" % (220 + h % 35, 120 + (h >> 4) % 60, 30 + (h >> 8) % 30)
    return "rgb(%d,%d,%d)" % (225 + h % 30, 70 + (h >> 4) % 120, 40 + (h >> 8) % 40)


def layout(root: Node, width: float) -> List[Tuple[Node, int, float, float]]:
    """(node, level, x, w) of every frame wide enough to draw; level 0 is the root."""
    out: List[Tuple[Node, int, float, float]] = []
    scale = width / root.count if root.count else 0.0

    def walk(node: Node, level: int, x: float):
        w = node.count * scale
        if w < MIN_W:
            return
        out.append((node, level, x, w))
        cx = x
        for name in sorted(node.children):
            c = node.children[name]
            walk(c, level + 1, cx)
            cx += c.count * scale

    walk(root, 0, 0.0)
    return out


def render(root: Node, title: str, width: int = 1200) -> str:
    """The SVG text of the tree."""
    levels = depth_of(root)
    height = PAD_TOP + levels * FRAME_H + PAD_BOTTOM
    inner = width - 2 * PAD_X
    total = root.count or 1
    parts = ['<?xml version="1.0" standalone="no"?>',
             '<svg version="1.1" width="%d" height="%d" viewBox="0 0 %d %d" '
             'xmlns="http://www.w3.org/2000/svg">' % (width, height, width, height),
             '<rect x="0" y="0" width="%d" height="%d" fill="rgb(248,248,240)"/>' % (width, height),
             '<text x="%d" y="22" font-family="Verdana" font-size="15" text-anchor="middle">%s</text>'
             % (width // 2, html.escape(title))]
    for node, level, x, w in layout(root, inner):
        y = height - PAD_BOTTOM - (level + 1) * FRAME_H
        label = "%s (%d, %.2f%%)" % (node.name, node.count, 100.0 * node.count / total)
        parts.append('<g><title>%s</title><rect x="%.2f" y="%d" width="%.2f" height="%d" '
                     'fill="%s" rx="2" ry="2"/>' % (html.escape(label), PAD_X + x, y, w,
                                                   FRAME_H - 1, colour(node.name, level)))
        fits = int((w - 4) / CHAR_W)
        if fits >= 3:
            text = node.name if len(node.name) <= fits else node.name[:fits - 2] + ".."
            parts.append('<text x="%.2f" y="%d" font-family="Verdana" font-size="%d">%s</text>'
                         % (PAD_X + x + 3, y + FRAME_H - 4, FONT, html.escape(text)))
        parts.append("</g>")
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def main(argv: Optional[List[str]] = None) -> int:
    ap = argparse.ArgumentParser(description="SVG flame graph of folded stacks.")
    ap.add_argument("folded")
    ap.add_argument("--title", default="Flame graph")
    ap.add_argument("--width", type=int, default=1200)
    args = ap.parse_args(argv)
    with open(args.folded) as f:
        root = parse_folded(f.read())
    sys.stdout.write(render(root, args.title, args.width))
    return 0


if __name__ == "__main__":
    sys.exit(main())
