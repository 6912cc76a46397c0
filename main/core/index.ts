// Public surface of main/core: the one composition of the core (change feed,
// peer sync, dispatcher, playbooks, exercise ticker, and the API over them),
// which `commandpost serve` carries over a WebSocket (main/host) and the
// desktop app runs in a utility process, over a MessagePort (main/app).
export { openCore, type Core, type CoreOptions } from './core';
export { openDeviceCore, deviceSecretStores, type DeviceCore, type DeviceCoreOptions } from './deviceCore';
export { serveCoreProcess, type CoreProcessOptions } from './coreProcess';
export { RemoteSecretStore, answerSecretRequest } from './remoteSecretStore';
export {
  FromCoreSchema,
  ToCoreSchema,
  asEventFrame,
  asResponseFrame,
  type CorePort,
  type FromCore,
  type ToCore,
  type SecretRequestMessage,
} from './portProtocol';
