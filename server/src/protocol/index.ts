/**
 * What the extension and the language server share: the custom requests and
 * their payloads, the settings schema with its defaults, and the server's Node
 * flags. The only server code the client imports.
 */
export * as requests from './requests';
export type * from './requests';
export type * from './layers';
export * from './settings';
export { SERVER_NODE_FLAGS } from './nodeOptions';
export type * from './image';
