/**
 * A reader that stops reading (`imr extract … | head -1`) closes the pipe, and the next write to
 * stdout fails with EPIPE. Node ignores SIGPIPE, so without this that error is an uncaught 'error'
 * event with a stack trace; with it, the command ends there, quietly and with exit code 0, as a
 * Unix tool stopped by a closed pipe is expected to (`head` has all it wanted). One listener for
 * every command, set before any command runs.
 */
export function endQuietlyWhenStdoutCloses(stdout: NodeJS.WriteStream = process.stdout, exit: (code: number) => void = process.exit): void {
  stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') {
      exit(0);
      return;
    }
    throw err; // any other write error stays what it was: uncaught
  });
}
