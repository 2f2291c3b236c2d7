// Every unit test gets a fresh, in-memory IndexedDB, so storage tests run in node without a browser.
import 'fake-indexeddb/auto';
