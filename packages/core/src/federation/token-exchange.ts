/**
 * The vCenter token exchange (RFC 8693) at `POST /api/vcenter/authentication/token`:
 * the IdP's access token (and ID token as actor) is traded for a SAML token
 * that `POST /api/session` accepts as `SIGN`. The client builds this form; the
 * mock reads it with the same names.
 */

export const TOKEN_EXCHANGE_GRANT = 'urn:ietf:params:oauth:grant-type:token-exchange';
export const TOKEN_TYPE_ACCESS = 'urn:ietf:params:oauth:token-type:access_token';
export const TOKEN_TYPE_ID = 'urn:ietf:params:oauth:token-type:id_token';
export const TOKEN_TYPE_JWT = 'urn:ietf:params:oauth:token-type:jwt';
export const TOKEN_TYPE_SAML2 = 'urn:ietf:params:oauth:token-type:saml2';

/** The subject token types vCenter accepts. */
export const SUBJECT_TOKEN_TYPES: readonly string[] = [TOKEN_TYPE_ACCESS, TOKEN_TYPE_ID, TOKEN_TYPE_JWT];

/** The form fields of the exchange (form-encoded on the wire). */
export interface TokenExchangeForm {
  readonly grant_type: typeof TOKEN_EXCHANGE_GRANT;
  readonly subject_token: string;
  readonly subject_token_type: string;
  readonly requested_token_type: typeof TOKEN_TYPE_SAML2;
  readonly actor_token?: string;
  readonly actor_token_type?: string;
}

/** The exchange form for an access token, with the ID token as actor when there is one. */
export function tokenExchangeForm(tokens: { accessToken: string; idToken?: string }): TokenExchangeForm {
  return {
    grant_type: TOKEN_EXCHANGE_GRANT,
    subject_token: tokens.accessToken,
    subject_token_type: TOKEN_TYPE_ACCESS,
    requested_token_type: TOKEN_TYPE_SAML2,
    ...(tokens.idToken ? { actor_token: tokens.idToken, actor_token_type: TOKEN_TYPE_ID } : {}),
  };
}
