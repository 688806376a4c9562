use super::texts::PanelTexts;
use super::*;
use crate::domain::{
    AuditEntry, Department, DepartmentKind, District, ModerationItem, Role, RoleGrant,
    StaffDirectory, StaffUser,
};
use crate::i18n::{format_date_time, use_lang, use_page_texts};
use crate::ui::{loaded, outcome, suspended, Loading, MeetingWhenWhere, TableWrap};
use leptos::prelude::*;
use leptos::server::ServerAction;
use leptos_meta::Title;

fn role_name(pt: &PanelTexts, role: Role) -> &'static str {
    match role {
        Role::Admin => pt.role_admin,
        Role::Moderator => pt.role_moderator,
        Role::Official => pt.role_official,
    }
}

#[component]
pub fn PanelPage() -> impl IntoView {
    let t = use_page_texts();
    let pt = super::texts::use_texts();
    let me = Resource::new(|| (), |_| current_staff());
    view! {
        <Title text=pt.staff_title/>
        <section class="page">
            <h1>{pt.staff_title}</h1>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    loaded(me.await, |user| match user {
                        Some(user) => view! { <Dashboard user/> }.into_any(),
                        None => view! {
                            <p class="lead">{pt.staff_lead}</p>
                            <p><a class="button" href="/panel/logowanie">{t.login_title}</a></p>
                        }.into_any(),
                    })
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn Dashboard(user: StaffUser) -> impl IntoView {
    let t = use_page_texts();
    let pt = super::texts::use_texts();
    let logout = ServerAction::<Logout>::new();
    let change = ServerAction::<ChangePassword>::new();
    let roles = user
        .roles
        .iter()
        .map(|g| role_name(pt, g.role))
        .collect::<Vec<_>>()
        .join(", ");
    view! {
        <p data-testid="signed-in">{pt.signed_in_as}" "<strong>{user.name.clone()}</strong>" ("{user.email.clone()}") — "{roles}</p>
        <ul class="areas">
            {user.has(Role::Moderator).then(|| view! { <li><a class="button" href="/panel/moderacja">{pt.area_moderation}</a></li> })}
            {(user.has(Role::Moderator) || user.has(Role::Admin)).then(|| view! { <li><a class="button" href="/panel/punkt">{t.kiosk_title}</a></li> })}
            {(user.has(Role::Moderator) || user.has(Role::Admin)).then(|| view! { <li><a class="button" href="/panel/spotkania">{crate::meetings::texts::use_texts().manage_title}</a></li> })}
            {(user.has(Role::Moderator) || user.has(Role::Admin)).then(|| view! { <li><a class="button" href="/panel/wyniki">{crate::results::texts::use_texts().manage_title}</a></li> })}
            {(user.has(Role::Moderator) || user.has(Role::Admin)).then(|| view! { <li><a class="button" href="/panel/odpowiedzi">{crate::answers::texts::use_texts().manage_title}</a></li> })}
            {user.has(Role::Official).then(|| view! { <li><a class="button" href="/panel/urzednik">{pt.area_official}</a></li> })}
            {user.has(Role::Admin).then(|| view! { <li><a class="button" href="/panel/rundy">{crate::rounds::texts::use_texts().manage_title}</a></li> })}
            {user.has(Role::Admin).then(|| view! { <li><a class="button" href="/panel/admin">{pt.area_admin}</a></li> })}
        </ul>
        <ActionForm action=logout>
            <button type="submit">{pt.logout}</button>
        </ActionForm>
        <h2>{pt.password_change}</h2>
        {outcome::<ChangePassword>(pt.password_changed)}
        <ActionForm action=change attr:class="stack">
            <label for="current">{pt.password_current}</label>
            <input id="current" type="password" name="current" autocomplete="current-password" required/>
            <label for="new">{pt.password_new}</label>
            <input id="new" type="password" name="new" autocomplete="new-password" minlength="12" required/>
            <button type="submit">{pt.password_change}</button>
        </ActionForm>
    }
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let t = use_page_texts();
    let pt = super::texts::use_texts();
    let login = ServerAction::<Login>::new();
    view! {
        <Title text=t.login_title/>
        <section class="page narrow">
            <h1>{t.login_title}</h1>
            <p>{pt.staff_lead}</p>
            {outcome::<Login>("")}
            <ActionForm action=login attr:class="stack">
                <label for="email">{pt.login_email}</label>
                <input id="email" type="email" name="email" autocomplete="username" required/>
                <label for="password">{pt.login_password}</label>
                <input id="password" type="password" name="password" autocomplete="current-password" required/>
                <button type="submit">{pt.login_submit}</button>
            </ActionForm>
        </section>
    }
}

#[component]
pub fn ModerationPage() -> impl IntoView {
    let pt = super::texts::use_texts();
    let items = Resource::new(|| (), |_| moderation_overview());
    view! {
        <Title text=pt.area_moderation/>
        <section class="page">
            <h1>{pt.area_moderation}</h1>
            <p class="lead">{pt.area_moderation_lead}</p>
            {suspended(items, |items| view! { <ModerationList items/> })}
        </section>
    }
}

#[component]
fn ModerationList(items: Vec<ModerationItem>) -> impl IntoView {
    let pt = super::texts::use_texts();
    view! {
        <ol class="meetings" data-testid="moderation">
            {items.into_iter().map(|item| {
                let meeting_id = item.meeting.id;
                view! {
                <li class="card">
                    <h2>{item.meeting.district.label()}</h2>
                    <MeetingWhenWhere meeting=item.meeting/>
                    <p>{item.submitted}" "{pt.postulates_submitted}" · "{item.approved}" "{pt.postulates_approved}</p>
                    <p><a class="button" href=format!("/panel/moderacja/{meeting_id}")>
                        {crate::moderation::texts::use_texts().moderate_link}
                    </a></p>
                </li>
                }
            }).collect_view()}
        </ol>
    }
}

#[component]
pub fn AdminPage() -> impl IntoView {
    let pt = super::texts::use_texts();
    let create_staff_action = ServerAction::<CreateStaff>::new();
    let create_department_action = ServerAction::<CreateDepartment>::new();
    let toggle_action = ServerAction::<SetStaffActive>::new();
    let role_action = ServerAction::<ChangeRole>::new();
    let staff = Resource::new(
        move || {
            (
                create_staff_action.version().get(),
                toggle_action.version().get(),
                role_action.version().get(),
            )
        },
        |_| list_staff(),
    );
    let departments = Resource::new(
        move || create_department_action.version().get(),
        |_| list_departments(),
    );
    let audit = Resource::new(
        move || {
            (
                create_staff_action.version().get(),
                create_department_action.version().get(),
                toggle_action.version().get(),
                role_action.version().get(),
            )
        },
        |_| get_audit_log(),
    );
    view! {
        <Title text=pt.area_admin/>
        <section class="page">
            <h1>{pt.area_admin}</h1>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    let staff = staff.await;
                    let departments = departments.await;
                    let audit = audit.await;
                    loaded(staff, move |staff| {
                        let departments = departments.unwrap_or_default();
                        view! {
                            <StaffSection directory=staff departments=departments.clone()
                                action=create_staff_action toggle=toggle_action roles=role_action/>
                            <DepartmentSection departments action=create_department_action/>
                            {loaded(audit, |entries| view! { <AuditSection entries/> })}
                        }
                    })
                })}
            </Suspense>
        </section>
    }
}

/// A role grant as admins read it: "moderator (II Grzegórzki)".
fn grant_label(
    pt: &PanelTexts,
    lang: crate::i18n::Lang,
    grant: &RoleGrant,
    departments: &[Department],
    districts: &[District],
) -> String {
    let scope = grant
        .department_id
        .and_then(|id| departments.iter().find(|d| d.id == id))
        .map(|d| d.name.get(lang).to_owned())
        .or_else(|| {
            grant
                .district_id
                .and_then(|id| districts.iter().find(|d| d.id == id))
                .map(District::label)
        });
    match scope {
        Some(scope) => format!("{} ({scope})", role_name(pt, grant.role)),
        None => role_name(pt, grant.role).to_owned(),
    }
}

#[component]
fn StaffSection(
    directory: StaffDirectory,
    departments: Vec<Department>,
    action: ServerAction<CreateStaff>,
    toggle: ServerAction<SetStaffActive>,
    roles: ServerAction<ChangeRole>,
) -> impl IntoView {
    let pt = super::texts::use_texts();
    let lang = use_lang();
    let StaffDirectory { staff, districts } = directory;
    let accounts = staff
        .iter()
        .map(|u| (u.id, format!("{} ({})", u.name, u.email)))
        .collect::<Vec<_>>();
    let rows =
        staff
            .into_iter()
            .map(|u| {
                let user_id = u.id;
                let email = u.email.clone();
                let roles = u.roles.clone().into_iter().map(|g| {
            let label = grant_label(pt, lang, &g, &departments, &districts);
            let email = email.clone();
            let opt = |v: Option<i64>| v.map(|v| v.to_string()).unwrap_or_default();
            view! {
                <li>
                    {label.clone()}
                    <ActionForm action=roles attr:class="inline">
                        <input type="hidden" name="user_id" value=user_id.to_string()/>
                        <input type="hidden" name="role" value=g.role.as_str()/>
                        <input type="hidden" name="department" value=opt(g.department_id)/>
                        <input type="hidden" name="district" value=opt(g.district_id)/>
                        <input type="hidden" name="remove" value="true"/>
                        <button type="submit" class="small"
                            aria-label=format!("{}: {} — {}", pt.role_remove, label, email)>
                            {pt.role_remove}
                        </button>
                    </ActionForm>
                </li>
            }
        }).collect::<Vec<_>>();
                let state = if u.active {
                    pt.staff_active
                } else {
                    pt.staff_inactive
                };
                let (label, next) = if u.active {
                    (pt.staff_disable, "false")
                } else {
                    (pt.staff_enable, "true")
                };
                view! {
                    <tr>
                        <td>{u.name}</td>
                        <td>{u.email}</td>
                        <td><ul class="grants">{roles}</ul></td>
                        <td>
                            {state}
                            <ActionForm action=toggle>
                                <input type="hidden" name="user_id" value=u.id.to_string()/>
                                <input type="hidden" name="active" value=next/>
                                <button type="submit" class="small">{label}</button>
                            </ActionForm>
                        </td>
                    </tr>
                }
            })
            .collect_view();
    let (role_departments, role_districts) = (departments.clone(), districts.clone());
    view! {
        <h2>{pt.staff_accounts}</h2>
        {outcome::<SetStaffActive>(pt.staff_status_changed)}
        <TableWrap label=pt.staff_accounts.to_owned()>
            <table data-testid="staff">
                <thead><tr>
                    <th scope="col">{pt.staff_name}</th>
                    <th scope="col">{pt.login_email}</th>
                    <th scope="col">{pt.staff_role}</th>
                    <th scope="col">{pt.staff_status}</th>
                </tr></thead>
                <tbody>
                    {rows}
                </tbody>
            </table>
        </TableWrap>
        <h3>{pt.staff_roles_manage}</h3>
        {outcome::<ChangeRole>(pt.role_changed)}
        <ActionForm action=roles attr:class="stack" attr:data-testid="role-form">
            <label for="role-account">{pt.staff_account}</label>
            <select id="role-account" name="user_id">
                {accounts.into_iter().map(|(id, label)| view! {
                    <option value=id.to_string()>{label}</option>
                }).collect_view()}
            </select>
            <GrantFields prefix="role" departments=role_departments districts=role_districts/>
            <button type="submit">{pt.role_add}</button>
        </ActionForm>
        <h3>{pt.staff_create}</h3>
        {outcome::<CreateStaff>(pt.staff_created)}
        <ActionForm action attr:class="stack" attr:data-testid="create-staff">
            <label for="staff-name">{pt.staff_name}</label>
            <input id="staff-name" name="name" required/>
            <label for="staff-email">{pt.login_email}</label>
            <input id="staff-email" type="email" name="email" required/>
            <label for="staff-password">{pt.password_new}</label>
            <input id="staff-password" type="password" name="password" autocomplete="new-password" minlength="12" required/>
            <GrantFields prefix="staff" departments districts/>
            <button type="submit">{pt.staff_create}</button>
        </ActionForm>
    }
}

/// A role grant's fields (`role`, `department`, `district`), as the forms
/// that create an account and add a role both ask for them.
#[component]
fn GrantFields(
    prefix: &'static str,
    departments: Vec<Department>,
    districts: Vec<District>,
) -> impl IntoView {
    let pt = super::texts::use_texts();
    let lang = use_lang();
    let id = move |field: &str| format!("{prefix}-{field}");
    view! {
        <label for=id("role")>{pt.staff_role}</label>
        <select id=id("role") name="role">
            <option value="moderator">{pt.role_moderator}</option>
            <option value="official">{pt.role_official}</option>
            <option value="admin">{pt.role_admin}</option>
        </select>
        <label for=id("department")>{pt.staff_department}</label>
        <select id=id("department") name="department">
            <option value="">"—"</option>
            {departments.into_iter().map(|d| view! {
                <option value=d.id.to_string()>{d.name.get(lang).to_owned()}</option>
            }).collect_view()}
        </select>
        <label for=id("district")>{pt.staff_district}</label>
        <select id=id("district") name="district">
            <option value="">"—"</option>
            {districts.into_iter().map(|d| view! {
                <option value=d.id.to_string()>{d.label()}</option>
            }).collect_view()}
        </select>
    }
}

#[component]
fn DepartmentSection(
    departments: Vec<Department>,
    action: ServerAction<CreateDepartment>,
) -> impl IntoView {
    let pt = super::texts::use_texts();
    let lang = use_lang();
    view! {
        <h2>{pt.departments_title}</h2>
        <ul>
            {departments.into_iter().map(|d| {
                let kind = if d.kind == DepartmentKind::Unit { pt.department_unit_note } else { "" };
                view! { <li><strong>{d.code}</strong>" — "{d.name.get(lang).to_owned()}{kind}</li> }
            }).collect_view()}
        </ul>
        {outcome::<CreateDepartment>(pt.department_created)}
        <ActionForm action attr:class="stack">
            <label for="dep-code">{pt.department_code}</label>
            <input id="dep-code" name="code" required maxlength="16"/>
            <label for="dep-pl">{pt.department_name_pl}</label>
            <input id="dep-pl" name="name_pl" required/>
            <label for="dep-en">{pt.department_name_en}</label>
            <input id="dep-en" name="name_en"/>
            <div class="check">
                <input id="dep-unit" type="checkbox" name="unit" value="on"/>
                <label for="dep-unit">{pt.department_kind_unit}</label>
            </div>
            <button type="submit">{pt.department_create}</button>
        </ActionForm>
    }
}

#[component]
fn AuditSection(entries: Vec<AuditEntry>) -> impl IntoView {
    let pt = super::texts::use_texts();
    let lang = use_lang();
    view! {
        <h2>{pt.audit_title}</h2>
        <TableWrap label=pt.audit_title.to_owned()>
            <table data-testid="audit">
                <thead><tr>
                    <th scope="col">{pt.audit_when}</th>
                    <th scope="col">{pt.audit_who}</th>
                    <th scope="col">{pt.audit_what}</th>
                </tr></thead>
                <tbody>
                    {entries.into_iter().map(|e| {
                        let line = pt.audit_line(&e);
                        view! {
                            <tr>
                                <td>{format_date_time(lang, &e.at.local)}</td>
                                <td>{e.actor.unwrap_or_else(|| "—".into())}</td>
                                <td data-action=e.action>{line}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </TableWrap>
    }
}
