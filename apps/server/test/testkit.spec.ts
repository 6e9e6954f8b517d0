import { forgetStopped, ManagedProcess, TandemStack, waitUntil } from '@tandem/testkit';

// The test kit's own guarantees: a child process that dies makes the wait fail at once with its last
// output (not a 60 s timeout), and one that logs an uncaught error fails the suite when it stops.
describe('test kit', () => {
  const node = (name: string, script: string) => new ManagedProcess(name, process.execPath, ['-e', script], { cwd: process.cwd(), env: process.env });

  it('waitUntil fails at once, with the last log lines, when a managed process exits on its own', async () => {
    const doomed = node('doomed', "console.error('the last words before exiting'); setTimeout(() => process.exit(3), 200)");
    doomed.start();
    const started = Date.now();
    const error = await waitUntil('something that will never happen', async () => false, 60_000).then(() => null, (err: Error) => err);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(error?.message).toContain('doomed exited on its own (code 3');
    expect(error?.message).toContain('something that will never happen');
    expect(error?.message).toContain('the last words before exiting');
    forgetStopped([doomed]);
  });

  it('a process stopped on purpose is no crash', async () => {
    const stopped = node('stopped', 'setInterval(() => {}, 1000)');
    stopped.start();
    await stopped.kill9();
    let polls = 0;
    await waitUntil('a few polls', async () => ++polls >= 3, 5_000);
    expect(stopped.crashed).toBeUndefined();
  });

  it("a stack fails when it stops if a child logged an uncaught error (and it lived on)", async () => {
    const stack = new TandemStack();
    const survivor = node('server-0', "process.on('uncaughtException', (e) => console.error('Uncaught exception:', e.message)); setTimeout(() => { throw new Error('nobody caught me'); }, 10); setInterval(() => {}, 1000)");
    stack.servers.push(survivor);
    survivor.start();
    await waitUntil('the uncaught error is logged', async () => survivor.uncaughtErrors.length > 0, 10_000);
    await expect(stack.stop()).rejects.toThrow(/server-0: Uncaught exception: nobody caught me/);
    expect(survivor.running).toBe(false);
  });

  it('a stack whose children ran cleanly stops without complaint', async () => {
    const stack = new TandemStack();
    const fine = node('server-0', "console.log('all good'); setInterval(() => {}, 1000)");
    stack.servers.push(fine);
    fine.start();
    await stack.stop();
  });
});
