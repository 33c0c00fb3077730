"""Keeping personal data only as long as needed (个人信息保护法): the retention policy and
its daily purge, and a resident's rights to see and to erase what is stored about them."""
