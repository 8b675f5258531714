import { GuildMember, PermissionFlagsBits, type Interaction } from 'discord.js';

/**
 * True when the member may change the knowledge base: Manage Server, or a moderator role, in a
 * guild that moderates this bot. Checked on every use, whatever the client showed:
 * `default_member_permissions` only hides the command, and a crafted interaction must not get
 * through.
 *
 * - Never in DMs or from a guild the bot has not cached (it is not a member there).
 * - Home guilds: `guildIds` when given; otherwise, when moderator roles are configured, the
 *   guilds those roles belong to (role ids are unique across Discord). So the owner of some
 *   other server the bot was added to cannot edit the shared knowledge with their Manage Server.
 * - Manage Server must hold both in the permissions the interaction carries and in those the
 *   cached guild's roles give the member, so a payload claiming permissions its roles do not
 *   grant is refused.
 */
export function canModerate(
  interaction: Interaction,
  moderatorRoleIds: ReadonlySet<string>,
  guildIds?: ReadonlySet<string>,
): boolean {
  if (!interaction.inCachedGuild()) return false;
  const guild = interaction.guild;
  if (guildIds?.size) {
    if (!guildIds.has(guild.id)) return false;
  } else if (moderatorRoleIds.size && ![...moderatorRoleIds].some((id) => guild.roles.cache.has(id))) {
    return false;
  }
  const member = interaction.member;
  if (!(member instanceof GuildMember)) return false;
  const manage = PermissionFlagsBits.ManageGuild;
  if (interaction.memberPermissions.has(manage) && member.permissions.has(manage)) return true;
  return member.roles.cache.some((role) => moderatorRoleIds.has(role.id));
}

export const REFUSAL =
  'Sorry, only moderators (Manage Server or a moderator role) can change what Dialtone knows. ' +
  'If something is wrong or missing, tell a moderator, or press 👎 on the answer.';
