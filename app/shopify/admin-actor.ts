// Who made a change, as the history records it (`BackorderChange.actor` and the like): the staff member behind an
// admin request. The admin's auth context is Shopify's, so reading it lives with the other Shopify boundaries.

/** The staff member's email when known, else their user id (`staff:<id>`), else plain `staff`. */
export function actorFrom(input: { email?: string | null; userId?: string | null }): string {
  if (input.email) return input.email;
  return input.userId ? `staff:${input.userId}` : "staff";
}

/** What an admin request's auth context (`authenticate.admin`) says about who is making the change: see actorFrom. */
export function actorOfAdmin(context: {
  session: { onlineAccessInfo?: { associated_user?: { email?: string | null } } | null };
  sessionToken?: { sub?: string } | null;
}): string {
  return actorFrom({ email: context.session.onlineAccessInfo?.associated_user?.email, userId: context.sessionToken?.sub });
}
