// The part of ncalayer-js-client (sigex-kz, plain JavaScript without typings) that kezek uses.
declare module 'ncalayer-js-client' {
  export interface NCALayerSignerParams {
    extKeyUsageOids: string[];
    chain?: string[];
  }

  export interface NCALayerCmsParams {
    decode?: boolean;
    encapsulate?: boolean;
    digested?: boolean;
    tsaProfile?: Record<string, unknown>;
  }

  export class NCALayerClient {
    constructor(url?: string, allowKmdHttpApi?: boolean);
    url: string;
    wsConnection: WebSocket | null;
    /** Opens the WebSocket; resolves to NCALayer's version. */
    connect(): Promise<string>;
    /** The `kz.gov.pki.knca.basics` `sign` call for CMS; data is base64 (or bytes). */
    basicsSignCMS(
      allowedStorages: string[] | null,
      data: string | ArrayBuffer | Blob,
      signingParams: NCALayerCmsParams,
      signerParams: NCALayerSignerParams,
      locale?: string,
    ): Promise<string>;
    static readonly basicsStorageAll: null;
    static readonly basicsCMSParamsAttached: NCALayerCmsParams;
    static readonly basicsSignerAuthAny: NCALayerSignerParams;
    static readonly basicsSignerSignAny: NCALayerSignerParams;
  }
}
