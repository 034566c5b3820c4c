import type { CallArgs, RequestOptions } from '@vsphere-kit/core/caller';
import { VsphereCore, type CloseOptions, type VsphereCoreOptions } from './core/core.js';
import type { TaskHandle } from '@vsphere-kit/core/task-handle';
import { VsphereApi } from './generated/api.gen.js';
import { ROUTES, type RouteTypes } from './generated/routes.gen.js';
import { createFederatedAuthenticator, type FederationOptions } from './lib/federation/index.js';

export type VsphereClientOptions = VsphereCoreOptions;

/** A route key of the typed low-level call: `'POST /api/vcenter/vm/{vm}/power?action=start'`. */
export type RouteKey = keyof RouteTypes & string;

type PathArg<P> = [P] extends [never] ? { readonly path?: undefined } : {} extends P ? { readonly path?: P } : { readonly path: P };
type QueryArg<Q> = [Q] extends [never] ? { readonly query?: undefined } : {} extends Q ? { readonly query?: Q } : { readonly query: Q };
type Params<K extends RouteKey> = PathArg<RouteTypes[K]['path']> & QueryArg<RouteTypes[K]['query']>;
type ParamsArg<K extends RouteKey> = {} extends Params<K> ? { readonly params?: Params<K> } : { readonly params: Params<K> };
type BodyArg<B> = [B] extends [never] ? { readonly body?: undefined } : undefined extends B ? { readonly body?: B } : { readonly body: B };

/** Arguments of `client.request(key, args)`. */
export type RequestArgs<K extends RouteKey> = ParamsArg<K> & BodyArg<RouteTypes[K]['body']>;

/** Options of `VsphereClient.loginWithFederation()`: the connection to vCenter plus the federation flow. */
export type FederatedLoginOptions = Omit<VsphereClientOptions, 'username' | 'password' | 'samlToken' | 'authenticate' | 'sessionId'> & {
  readonly federation: FederationOptions;
};

/**
 * The vSphere client: every operation as a typed method
 * (`client.vcenter.vm.power.start(vm)`), over a {@link VsphereCore}.
 *
 * ```ts
 * const client = new VsphereClient({ baseUrl: 'https://vc.example.com', username, password, thumbprint });
 * const vms = await client.vcenter.vm.list({ power_states: ['POWERED_ON'] });
 * await client.close();
 * ```
 */
export class VsphereClient extends VsphereApi {
  /** The runtime: sessions, transport, retries, tasks. */
  readonly core: VsphereCore;

  constructor(options: VsphereClientOptions | VsphereCore) {
    const core = options instanceof VsphereCore ? options : new VsphereCore(options);
    super(core);
    this.core = core;
  }

  /**
   * Logs in through identity federation (OIDC discovery, OAuth grant, token
   * exchange for a SAML token, SIGN login) and returns a logged-in client.
   * The same flow runs again when the session expires.
   */
  static async loginWithFederation(options: FederatedLoginOptions): Promise<VsphereClient> {
    const { federation, ...rest } = options;
    const client = new VsphereClient({ ...rest, authenticate: createFederatedAuthenticator(federation) });
    try {
      await client.core.login();
    } catch (err) {
      await client.core.close({ logout: false });
      throw err;
    }
    return client;
  }

  /**
   * The typed low-level call, by route key:
   * `client.request('POST /api/vcenter/vm/{vm}/power?action=start', { params: { path: { vm } } })`.
   */
  request<K extends RouteKey>(key: K, args: RequestArgs<K>, options?: RequestOptions): Promise<RouteTypes[K]['response']> {
    return this.core.call<RouteTypes[K]['response']>(routeFor(key), toCallArgs(args), options);
  }

  /** Like {@link request}, with `vmw-task=true`: resolves with a task handle. */
  requestTask<K extends RouteKey>(key: K, args: RequestArgs<K>, options?: RequestOptions): Promise<TaskHandle<RouteTypes[K]['response']>> {
    return this.core.callTask<RouteTypes[K]['response']>(routeFor(key), toCallArgs(args), options);
  }

  /** Logs out (when the client created the session) and closes the connections. */
  close(options?: CloseOptions): Promise<void> {
    return this.core.close(options);
  }
}

function routeFor(key: string) {
  const route = (ROUTES as Record<string, (typeof ROUTES)[keyof typeof ROUTES] | undefined>)[key];
  if (!route) throw new TypeError(`unknown route key: ${key}`);
  return route;
}

function toCallArgs(args: { params?: { path?: unknown; query?: unknown }; body?: unknown } | undefined): CallArgs {
  return {
    path: args?.params?.path as CallArgs['path'],
    query: args?.params?.query as CallArgs['query'],
    body: args?.body,
  };
}
