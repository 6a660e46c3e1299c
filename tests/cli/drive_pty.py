#!/usr/bin/python3
"""drive_pty.py — runs a command on a pseudo-terminal and answers its prompts.

    drive_pty.py [--timeout S] EXPECT ANSWER [EXPECT ANSWER ...] -- COMMAND...

For each pair, waits until EXPECT has appeared in the output (after the
previous match), then types ANSWER and Enter. ANSWER "<EOF>" sends Ctrl-D at
the start of a line instead. After the pairs, reads until the command exits.
Prints the whole transcript on stdout and exits with the command's status
(or 124 when an expected text did not appear in time).
"""
import os
import pty
import select
import sys
import time


def main():
    args = sys.argv[1:]
    timeout = 20.0
    if args[:1] == ["--timeout"]:
        timeout = float(args[1])
        args = args[2:]
    sep = args.index("--")
    pairs, cmd = args[:sep], args[sep + 1:]
    if len(pairs) % 2:
        sys.exit("drive_pty.py: EXPECT and ANSWER come in pairs")

    pid, fd = pty.fork()
    if pid == 0:
        os.execvp(cmd[0], cmd)

    out = b""
    pos = 0

    def read_some(deadline):
        nonlocal out
        left = deadline - time.monotonic()
        if left <= 0:
            return False
        r, _, _ = select.select([fd], [], [], left)
        if not r:
            return False
        try:
            data = os.read(fd, 4096)
        except OSError:      # EIO: the child closed the terminal
            return None
        if not data:
            return None
        out += data
        return True

    status = 0
    for i in range(0, len(pairs), 2):
        expect, answer = pairs[i].encode(), pairs[i + 1]
        deadline = time.monotonic() + timeout
        while out.find(expect, pos) < 0:
            got = read_some(deadline)
            if not got:
                sys.stdout.write(out.decode("utf-8", "replace"))
                sys.stdout.write("\n[drive_pty: did not see %r]\n" % expect.decode())
                try:
                    os.kill(pid, 9)
                except ProcessLookupError:
                    pass
                os.waitpid(pid, 0)
                sys.exit(124)
        pos = out.find(expect, pos) + len(expect)
        if answer == "<EOF>":
            os.write(fd, b"\x04")
        else:
            os.write(fd, answer.encode() + b"\r")
    deadline = time.monotonic() + timeout
    while read_some(deadline):
        pass
    done, st = os.waitpid(pid, os.WNOHANG)
    while done == 0 and time.monotonic() < deadline:
        time.sleep(0.05)
        done, st = os.waitpid(pid, os.WNOHANG)
    if done == 0:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
        sys.stdout.write(out.decode("utf-8", "replace"))
        sys.stdout.write("\n[drive_pty: the command did not finish]\n")
        sys.exit(124)
    status = os.WEXITSTATUS(st) if os.WIFEXITED(st) else 128 + os.WTERMSIG(st)
    sys.stdout.write(out.decode("utf-8", "replace"))
    sys.exit(status)


if __name__ == "__main__":
    main()
