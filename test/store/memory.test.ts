import { createMemoryPresetStore } from '../../src/store/memory';
import { runStoreSuite } from './store-suite';

describe('in-memory preset store', () => {
  runStoreSuite(async () => createMemoryPresetStore());
});
