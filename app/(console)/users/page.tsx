import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { CreateUserForm } from "@/components/users/create-user-form";
import { UsersTable } from "@/components/users/users-table";
import { requirePageActor } from "@/lib/auth/session";
import { listUsers } from "@/lib/users/service";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage() {
  const actor = await requirePageActor("/users", "users:manage");
  const users = await listUsers({ actor });
  return (
    <>
      <PageHeader
        title="Users"
        description="Who can use the console and what they may do. Admins manage everything; Support staff refund and resend; Viewers only read. Disabling a user ends their sessions at their next request."
      />
      <div className="grid gap-8 xl:grid-cols-[1fr_22rem]">
        <UsersTable users={users.map((user) => ({ ...user, lastSignInAt: user.lastSignInAt?.toISOString() ?? null }))} currentUserId={actor.id} />
        <CreateUserForm />
      </div>
    </>
  );
}
