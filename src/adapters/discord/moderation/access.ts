import { PermissionFlagsBits, type Interaction } from 'discord.js';

/**
 * True when the member may change the knowledge base: Manage Server, or a moderator role.
 * Checked on every use, whatever the client showed: `default_member_permissions` only hides the
 * command, and a crafted interaction must not get through.
 */
export function canModerate(interaction: Interaction, moderatorRoleIds: ReadonlySet<string>): boolean {
  if (!interaction.inGuild()) return false;
  if (interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild)) return true;
  const roles = interaction.member.roles;
  const ids = Array.isArray(roles) ? roles : [...roles.cache.keys()];
  return ids.some((id) => moderatorRoleIds.has(id));
}

export const REFUSAL =
  'Sorry, only moderators (Manage Server or a moderator role) can change what Dialtone knows. ' +
  'If something is wrong or missing, tell a moderator, or press 👎 on the answer.';
