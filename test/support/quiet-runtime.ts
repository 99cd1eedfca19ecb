// Per test file: SDK runtime logs at WARN, so test output shows failures rather than worker state changes.
import { DefaultLogger, Runtime } from '@temporalio/worker';

Runtime.install({ logger: new DefaultLogger('WARN') });
