/** The span-writer worker plus a crash switch (a span named 'crash'), for the crash-recovery test. */
import './spanWriterCrashHook.js';
import '../../src/store/sqlite/spanWriterWorker.js';
