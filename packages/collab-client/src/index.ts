export { CollabConnection, type CollabConnectionOptions, type ConnectionStatus, type TokenSource } from './connection.js';
export { CollabProvider, type CollabProviderOptions, type ProviderEvents, type ProviderStatus } from './provider.js';
export { splitUpdate } from './split-update.js';
