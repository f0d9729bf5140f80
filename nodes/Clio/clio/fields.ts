// The `fields` string each resource is read with. Without `fields` Clio returns only id and etag,
// and only one level of `{}` nesting is allowed (api-facts §3.2); every name here exists in the
// official spec (checked by the unit tests against the spec's response schemas).

export const USER_FIELDS =
	'id,etag,name,first_name,last_name,email,enabled,roles,subscription_type,account_owner,default_calendar_id,time_zone,created_at,updated_at';

export const CUSTOM_FIELD_VALUE_FIELDS =
	'custom_field_values{id,field_name,field_type,value,custom_field,picklist_option}';

export const MATTER_FIELDS =
	'id,etag,number,display_number,description,status,location,client_reference,billable,billing_method,' +
	'open_date,pending_date,close_date,created_at,updated_at,matter_stage_updated_at,last_activity_date,' +
	'client{id,name,type},practice_area{id,name},matter_stage{id,name},responsible_attorney{id,name,email},' +
	'originating_attorney{id,name,email},folder{id,name}';

export const MATTER_STAGE_FIELDS = 'id,etag,name,order,practice_area_id,created_at,updated_at';

export const PRACTICE_AREA_FIELDS = 'id,etag,name,code,category,created_at,updated_at';

export const CUSTOM_FIELD_FIELDS =
	'id,etag,name,parent_type,field_type,displayed,deleted,required,display_order,picklist_options{id,option,deleted_at}';

export const CONTACT_FIELDS =
	'id,etag,name,first_name,middle_name,last_name,prefix,title,type,date_of_birth,is_client,' +
	'primary_email_address,primary_phone_number,created_at,updated_at,company{id,name},' +
	'email_addresses{id,name,address,primary},phone_numbers{id,name,number,primary},' +
	'addresses{id,name,street,city,province,postal_code,country}';

export const TASK_FIELDS =
	'id,etag,name,description,status,priority,due_at,completed_at,permission,created_at,updated_at,' +
	'matter{id,display_number},assignee{id,name,type},assigner{id,name},task_type{id,name}';

export const NOTE_FIELDS =
	'id,etag,type,subject,detail,date,created_at,updated_at,matter{id,display_number},contact{id,name},author{id,name}';

export const TASK_TYPE_FIELDS = 'id,etag,name,created_at,updated_at';

export const FOLDER_FIELDS =
	'id,etag,name,type,root,locked,created_at,updated_at,deleted_at,parent{id,name,type},matter{id,display_number},contact{id,name}';

/** Adds the custom field values to a resource's field string. */
export function withCustomFieldValues(fields: string): string {
	return `${fields},${CUSTOM_FIELD_VALUE_FIELDS}`;
}

// api-facts §6.3: the version's `fully_uploaded` says whether the bytes arrived; `parent` is the
// folder the document sits in.
export const DOCUMENT_VERSION_FIELDS =
	'id,uuid,document_id,version_number,filename,size,content_type,fully_uploaded,received_at,created_at,updated_at';

export const DOCUMENT_FIELDS =
	'id,etag,name,filename,content_type,size,locked,received_at,created_at,updated_at,deleted_at,' +
	'parent{id,name,type},matter{id,display_number},contact{id,name},document_category{id,name},' +
	`latest_document_version{${DOCUMENT_VERSION_FIELDS}}`;

export const DOCUMENT_TEMPLATE_FIELDS =
	'id,etag,filename,content_type,size,created_at,updated_at,document_category{id,name}';

// api-facts §6.9: completed automations list the documents they generated.
export const DOCUMENT_AUTOMATION_FIELDS =
	'id,etag,state,filename,export_formats,created_at,updated_at,matter{id,display_number},' +
	'document_template{id,filename},documents{id,name,filename,content_type,size}';

// api-facts §9.4: a time entry's `quantity` is in seconds (API 4.0.4+); `quantity_in_hours` is the
// same duration in hours and `rounded_*` the billed duration after the firm's rounding. An
// expense's `quantity` is its number of units and `price` the amount per unit.
export const ACTIVITY_FIELDS =
	'id,etag,type,date,quantity,quantity_in_hours,rounded_quantity,rounded_quantity_in_hours,quantity_redacted,' +
	'price,total,flat_rate,non_billable,non_billable_total,no_charge,billed,on_bill,note,created_at,updated_at,' +
	'matter{id,display_number},user{id,name},activity_description{id,name},expense_category{id,name},bill{id,number,state}';

export const ACTIVITY_DESCRIPTION_FIELDS = 'id,etag,name,category_type,rate{amount,type}';

export const EXPENSE_CATEGORY_FIELDS = 'id,etag,name,rate,entry_type';

// api-facts §9.3: `calendar_owner` is the calendar an entry is on (a Calendar, not a user).
export const CALENDAR_FIELDS = 'id,etag,name,type,permission,visible,created_at,updated_at';

export const CALENDAR_ENTRY_FIELDS =
	'id,etag,summary,description,location,start_at,end_at,all_day,recurrence_rule,permission,created_at,updated_at,' +
	'calendar_owner{id,name,type},matter{id,display_number},attendees{id,type,name,email}';
// api-facts §9.6: senders and receivers are users or contacts (the spec's Participant).
export const COMMUNICATION_FIELDS =
	'id,etag,type,subject,body,date,received_at,time_entries_count,created_at,updated_at,' +
	'matter{id,display_number},user{id,name},senders{id,name,type},receivers{id,name,type}';

// api-facts §9.7: amounts are read only; `available_state_transitions` says where a bill can go next.
export const BILL_FIELDS =
	'id,etag,number,subject,state,type,kind,issued_at,due_at,start_at,end_at,total,paid,paid_at,balance,due,' +
	'last_sent_at,available_state_transitions,created_at,updated_at,client{id,name},matters{id,display_number}';

// api-facts §9.9: the contact's role on the matter is the relationship's `description`.
export const RELATIONSHIP_FIELDS =
	'id,etag,description,created_at,updated_at,matter{id,display_number},contact{id,name,type}';
