// An offline Admin API access token from the simulator, the way the app gets one: token exchange of a session
// token (what tests that drive the gateway without the Remix app need).
import { ID_TOKEN_TYPE, OFFLINE_TOKEN_TYPE, TOKEN_EXCHANGE_GRANT } from "../../simulator/oauth";

export async function exchangeOfflineToken(input: {
  simulatorUrl: string;
  shop: string;
  sessionToken: string;
  apiKey: string;
  apiSecret: string;
}): Promise<string> {
  const response = await fetch(`${input.simulatorUrl}/admin/oauth/access_token`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json", "X-Shopify-Shop-Domain": input.shop },
    body: JSON.stringify({
      client_id: input.apiKey,
      client_secret: input.apiSecret,
      grant_type: TOKEN_EXCHANGE_GRANT,
      subject_token: input.sessionToken,
      subject_token_type: ID_TOKEN_TYPE,
      requested_token_type: OFFLINE_TOKEN_TYPE,
    }),
  });
  if (!response.ok) throw new Error(`token exchange failed: ${response.status} ${await response.text()}`);
  return String(((await response.json()) as Record<string, unknown>).access_token);
}
