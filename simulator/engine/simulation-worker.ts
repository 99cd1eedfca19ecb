// Worker-thread entry: receives the run's inputs once, then computes tasks as they are posted.
import { parentPort, workerData } from 'node:worker_threads';
import { TaskRunner, type SimulationInputs, type SimulationTask } from './simulation-task';

const runner = new TaskRunner(workerData as SimulationInputs);
const port = parentPort!;
port.on('message', (task: SimulationTask) => {
  runner.run(task).then(
    (result) => port.postMessage({ ok: true, result }),
    (err: unknown) => port.postMessage({ ok: false, error: err instanceof Error ? (err.stack ?? err.message) : String(err) }),
  );
});
